/**
 * The main job a newcomer runs: make two days of landing-zone data, load each into RAW, and build
 * the whole project after each day, so snapshots and incremental models have history.
 * Every step goes through the same library functions the CLI commands use.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { compileProject } from '../compiler/index.js';
import type { ProjectCompiler } from '../compiler/api.js';
import { DailiesError } from '../errors.js';
import { writeManifest } from '../graph/index.js';
import { loadLandingZone, rawColumnTypes, sampleDataset, type LoadReport } from '../ingest/index.js';
import type { Project } from '../project/types.js';
import { runBuild, runFailed, type RunEvent, type RunResults } from '../run/index.js';
import type { Adapter } from '../warehouse/adapter.js';
import { openAdapter } from '../warehouse/index.js';
import { headlineNumbers, type Headlines } from './headlines.js';

export interface DemoOptions {
  project: Project;
  targetDir: string;
  days?: number;
  scale?: number;
  threads?: number;
  onStep?: (text: string) => void;
  onRunEvent?: (event: RunEvent) => void;
  signal?: AbortSignal;
}

export interface DemoDay {
  day: number;
  load: LoadReport;
  build: RunResults;
}

export interface DemoResult {
  database: string;
  landingZone: string;
  days: DemoDay[];
  headlines: Headlines;
  /** The model the demo suggests looking at next. */
  showcaseModel: string;
  failed: boolean;
  seconds: number;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const { project, targetDir } = options;
  const step = options.onStep ?? (() => {});
  if (project.target.type !== 'duckdb') {
    throw new DailiesError('config', `the demo runs on the embedded DuckDB, but target '${project.target.name}' is ${project.target.type}`, {
      hint: 'run it without --target, or with a DuckDB target',
    });
  }
  const database = String(project.target.path ?? ':memory:');
  if (database !== ':memory:' && existsSync(database)) {
    step(`Starting from a fresh database: removing ${path.relative(process.cwd(), database)}`);
    rmSync(database, { force: true });
    rmSync(`${database}.wal`, { force: true });
  }
  const landingZone = path.join(targetDir, 'landing');
  rmSync(landingZone, { recursive: true, force: true });

  const adapter = await openAdapter(project.target);
  try {
    const compiler = await compileProject(project, { adapter });
    writeManifest(compiler.manifest, targetDir);
    const days: DemoDay[] = [];
    const columnTypes = rawColumnTypes(project, 'raw');
    const dataset = sampleDataset(project);
    for (let day = 1; day <= (options.days ?? dataset.demoDays); day++) {
      const data = await dataset.generate({ outDir: landingZone, day, scale: options.scale });
      step(`Day ${day}: wrote ${data.totalRows.toLocaleString('en-US')} rows of sample data to ${path.relative(process.cwd(), landingZone)}`);
      const load = await loadLandingZone({ adapter, zone: landingZone, columnTypes });
      step(`Day ${day}: loaded ${load.filesLoaded} new file(s), ${load.rows.toLocaleString('en-US')} rows into RAW (${load.filesSkipped} already loaded)`);
      const build = await buildAll(compiler, adapter, options, targetDir);
      days.push({ day, load, build });
      if (runFailed(build)) break;
    }
    const failed = days.some((day) => runFailed(day.build));
    const headlines = failed ? emptyHeadlines() : await headlineNumbers(adapter, compiler.manifest);
    return { database, landingZone, days, headlines, showcaseModel: dataset.showcaseModel, failed, seconds: (performance.now() - started) / 1000 };
  } finally {
    await adapter.close();
  }
}

async function buildAll(compiler: ProjectCompiler, adapter: Adapter, options: DemoOptions, targetDir: string): Promise<RunResults> {
  const select = Object.values(compiler.manifest.nodes)
    .filter((node) => ['model', 'seed', 'snapshot', 'test'].includes(node.resource_type))
    .map((node) => node.unique_id);
  return runBuild({
    compiler,
    adapter,
    select,
    command: 'build',
    threads: options.threads ?? options.project.target.threads,
    targetDir,
    signal: options.signal,
    onEvent: options.onRunEvent,
    onRunStart: options.project.rootPackage.config.onRunStart,
    onRunEnd: options.project.rootPackage.config.onRunEnd,
  });
}

function emptyHeadlines(): Headlines {
  return { lines: [] };
}
