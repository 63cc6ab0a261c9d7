/** The run engine: executes selected nodes of a compiled project on a warehouse. */
export { runBuild } from './run-build.js';
export type { NodeOutcome, NodeResult, NodeStatus, RunCommand, RunEvent, RunOptions, RunResults, TimingInfo } from './types.js';
export { runDag, describeSkipReason } from './scheduler.js';
export type { DagOptions, SkipReason } from './scheduler.js';
export { planRun, isExecutable } from './plan.js';
export type { RunPlan } from './plan.js';
export { writeRunResults, runResultsArtifact, runFailed } from './results.js';
export { formatEvent, formatSummary, formatRunEvent, formatRunSummary, summaryCounts } from './progress.js';
export { parseCsv, CsvSyntaxError } from '../csv.js';
export { inferSeedKind } from './seed-types.js';
export type { SeedKind } from './seed-types.js';
export { readSeedTable, loadSeedTable } from './seeds.js';
export type { SeedTable } from './seeds.js';
export { snapshotSettings } from './snapshots.js';
export type { SnapshotSettings } from './snapshots.js';
export { wrapTestSql, testVerdict, auditSchema } from './tests.js';
export { contractDifferences, formatDifferences } from './materializations/contract.js';
