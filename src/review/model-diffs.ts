/**
 * Data diffs of everything the PR built (tables and views of models, seeds and snapshots)
 * against the same node in production. A diff that fails is recorded on its ModelDiff;
 * the review goes on.
 *
 * What it costs follows the change, not the project: every relation's columns (or, where the
 * adapter cannot give them by schema, production's relations) are read once per schema; models new in the PR (nothing to compare) are counted together in batched queries; a
 * model whose own SQL did not change is first compared by whole-table fingerprints and stops
 * there when they match; and up to `threads` diffs run at once.
 */
import { describeError } from '../errors.js';
import type { Manifest } from '../graph/types.js';
import type { Adapter, ColumnMeta, Relation } from '../warehouse/adapter.js';
import { diffModel, primaryKeyFor } from './diff/index.js';
import { relationOfNode } from './deferred-build.js';
import type { BuildOutcome, ModelDiff, SchemaChange } from './types.js';

export interface ModelDiffInputs {
  adapter: Adapter;
  /** Head compiled with production names. */
  production: Manifest;
  /** Head compiled into the PR schema. */
  pr: Manifest;
  builds: BuildOutcome[];
  /** Nodes whose own definition changed; the others take the fingerprint fast path. Default: all. */
  changed?: ReadonlySet<string>;
  /** Diffs run at once. Default 1. */
  threads?: number;
}

const DIFFABLE = new Set(['model', 'seed', 'snapshot']);
/** Relations counted in one query, for models new in the PR. */
const COUNT_BATCH = 200;

/** Columns tagged `pii` (or with `meta: {pii: true}`) on a node, as the report masks them. */
export function piiColumnsOf(manifest: Manifest, uniqueId: string): string[] {
  const node = manifest.nodes[uniqueId] as { columns?: Record<string, { name?: string; tags?: string[]; meta?: Record<string, unknown> }> } | undefined;
  return Object.entries(node?.columns ?? {})
    .filter(([, column]) => (column.tags ?? []).some((tag) => tag.toLowerCase() === 'pii') || column.meta?.pii === true || column.meta?.contains_pii === true)
    .map(([name, column]) => column.name ?? name);
}

interface DiffJob {
  outcome: BuildOutcome;
  prod: Relation;
  pr: Relation;
  key: ReturnType<typeof primaryKeyFor>;
}

export async function diffBuiltModels(inputs: ModelDiffInputs): Promise<ModelDiff[]> {
  const { adapter } = inputs;
  const jobs: DiffJob[] = [];
  for (const outcome of inputs.builds) {
    if (!DIFFABLE.has(outcome.resourceType) || outcome.status !== 'success') continue;
    const prodNamed = relationOfNode(inputs.production, outcome.uniqueId);
    const pr = relationOfNode(inputs.pr, outcome.uniqueId);
    if (!prodNamed || !pr) continue;
    // production compiled without a connection leaves the default database implicit: name it
    const prod = { ...prodNamed, database: prodNamed.database ?? adapter.defaultDatabase };
    jobs.push({ outcome, prod, pr, key: primaryKeyFor(inputs.production, outcome.uniqueId) });
  }
  const columnsOf = await schemaColumns(adapter, jobs.flatMap((job) => [job.prod, job.pr]));
  // a relation exists when it has columns; without schema-wide columns, production is listed per schema
  const inProduction = columnsOf ? null : await existingRelations(adapter, jobs.map((job) => job.prod));
  const exists = (relation: Relation) => (columnsOf ? columnsOf(relation) !== null : inProduction!.has(relationKey(adapter, relation)));
  const newJobs = jobs.filter((job) => !exists(job.prod));
  const diffs = new Map<DiffJob, ModelDiff>();
  for (const [job, diff] of await countNewModels(adapter, newJobs)) diffs.set(job, diff);

  const pending = jobs.filter((job) => !diffs.has(job));
  const worker = async () => {
    for (let job = pending.shift(); job; job = pending.shift()) diffs.set(job, await diffOne(inputs, job, columnsOf));
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(inputs.threads ?? 1, pending.length)) }, worker));
  return jobs.map((job) => {
    const diff = diffs.get(job)!;
    const pii = piiColumnsOf(inputs.production, job.outcome.uniqueId);
    return pii.length > 0 ? { ...diff, piiColumns: pii } : diff;
  });
}

type ColumnsOf = ((relation: Relation) => ColumnMeta[] | null) | null;

/**
 * Every column of the schemas `relations` live in, one catalog query per schema, when the adapter
 * can (a per-relation lookup scans the whole catalog: ≈ 30 ms each in a 1,000-model project).
 */
async function schemaColumns(adapter: Adapter, relations: Relation[]): Promise<ColumnsOf> {
  if (!adapter.getSchemaColumns || relations.length === 0) return null;
  const bySchema = new Map<string, Map<string, ColumnMeta[]>>();
  for (const relation of relations) {
    const key = relationKey(adapter, { ...relation, identifier: '' });
    if (!bySchema.has(key)) bySchema.set(key, await adapter.getSchemaColumns(relation.database, relation.schema));
  }
  return (relation) => bySchema.get(relationKey(adapter, { ...relation, identifier: '' }))?.get(relation.identifier.toLowerCase()) ?? null;
}

async function diffOne(inputs: ModelDiffInputs, job: DiffJob, columnsOf: ColumnsOf): Promise<ModelDiff> {
  const { adapter } = inputs;
  const { outcome, key } = job;
  const started = performance.now();
  try {
    return await diffModel(adapter, {
      uniqueId: outcome.uniqueId,
      name: outcome.name,
      prod: job.prod,
      pr: job.pr,
      primaryKey: key?.columns ?? null,
      primaryKeySource: key?.source ?? null,
      fingerprintFirst: inputs.changed !== undefined && !inputs.changed.has(outcome.uniqueId),
      ...(columnsOf ? { columns: { prod: columnsOf(job.prod), pr: columnsOf(job.pr) ?? [] } } : {}),
    });
  } catch (error) {
    return { ...emptyDiff(adapter, job), error: describeError(error), seconds: (performance.now() - started) / 1000 };
  }
}

function emptyDiff(adapter: Adapter, job: DiffJob): ModelDiff {
  return {
    uniqueId: job.outcome.uniqueId,
    name: job.outcome.name,
    prodRelation: adapter.renderRelation(job.prod),
    prRelation: adapter.renderRelation(job.pr),
    prodExists: false,
    schema: { added: [], removed: [], retyped: [] },
    rowCounts: { prod: null, pr: 0 },
    primaryKey: job.key?.columns ?? null,
    primaryKeySource: job.key?.source ?? null,
    seconds: 0,
  };
}

function relationKey(adapter: Adapter, relation: Relation): string {
  const fold = (name: string | null) => (name === null ? '' : adapter.normalizeIdentifier(name));
  return `${fold(relation.database)}.${fold(relation.schema)}.${fold(relation.identifier)}`;
}

/** Which of `relations` exist, listing each schema once. */
async function existingRelations(adapter: Adapter, relations: Relation[]): Promise<Set<string>> {
  const schemas = new Map<string, { database: string | null; schema: string }>();
  for (const relation of relations) schemas.set(relationKey(adapter, { ...relation, identifier: '' }), { database: relation.database, schema: relation.schema });
  const existing = new Set<string>();
  for (const { database, schema } of schemas.values()) {
    if (!(await adapter.schemaExists(database, schema))) continue;
    for (const relation of await adapter.listRelations(database, schema)) existing.add(relationKey(adapter, { ...relation, database }));
  }
  return existing;
}

/** Row counts of the PR builds of new models, `COUNT_BATCH` relations a query. */
async function countNewModels(adapter: Adapter, jobs: DiffJob[]): Promise<Map<DiffJob, ModelDiff>> {
  const diffs = new Map<DiffJob, ModelDiff>();
  for (let start = 0; start < jobs.length; start += COUNT_BATCH) {
    const batch = jobs.slice(start, start + COUNT_BATCH);
    const started = performance.now();
    try {
      const sql = batch.map((job, i) => `select ${i} as job, count(*) as n from ${adapter.renderRelation(job.pr)}`).join('\nunion all\n');
      const counts = new Map((await adapter.execute(sql)).rows.map((row) => [Number(row.job ?? row.JOB), Number(row.n ?? row.N)]));
      const seconds = (performance.now() - started) / 1000 / batch.length;
      batch.forEach((job, i) => diffs.set(job, { ...emptyDiff(adapter, job), rowCounts: { prod: null, pr: counts.get(i) ?? 0 }, seconds }));
    } catch (error) {
      for (const job of batch) diffs.set(job, { ...emptyDiff(adapter, job), error: describeError(error), seconds: 0 });
    }
  }
  return diffs;
}

/** unique id → its schema change, for the lineage's breaking-change detection. */
export function schemaChangesOf(diffs: ModelDiff[]): Map<string, SchemaChange> {
  return new Map(diffs.filter((diff) => diff.prodExists && !diff.error).map((diff) => [diff.uniqueId, diff.schema]));
}
