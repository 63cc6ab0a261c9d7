/**
 * `source freshness` as dbt runs it: for each selected source with a `warn_after` / `error_after`,
 * ask the warehouse for the newest `loaded_at_field` (under the freshness `filter`) — or, without
 * one, when the warehouse last changed the table — and the current time, and compare the age
 * with the thresholds. The results
 * go to `target/sources.json` in dbt's shape (schema v3).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Manifest, SourceDefinitionNode } from '../graph/types.js';
import type { Adapter } from '../warehouse/adapter.js';
import { artifactText } from '../redact/artifacts.js';

export type FreshnessStatus = 'pass' | 'warn' | 'error' | 'runtime error';

interface Threshold {
  count: number | null;
  period: string | null;
}

export interface FreshnessCriteria {
  warn_after: Threshold;
  error_after: Threshold;
  filter: string | null;
}

export interface FreshnessResult {
  unique_id: string;
  status: FreshnessStatus;
  max_loaded_at: string | null;
  snapshotted_at: string | null;
  max_loaded_at_time_ago_in_s: number | null;
  criteria: FreshnessCriteria;
  /** Set for a runtime error (the query failed). */
  error?: string;
  execution_time: number;
  thread_id: string;
  timing: { name: string; started_at: string; completed_at: string }[];
  adapter_response: Record<string, unknown>;
}

export interface FreshnessRun {
  results: FreshnessResult[];
  /** Selected sources left out, with why (no loaded_at_field, no thresholds). */
  skipped: { unique_id: string; reason: string }[];
  elapsed_time: number;
}

const SECONDS: Record<string, number> = { minute: 60, hour: 3600, day: 86400 };

function threshold(value: unknown): Threshold {
  const written = (value ?? {}) as { count?: unknown; period?: unknown };
  return {
    count: typeof written.count === 'number' ? written.count : null,
    period: typeof written.period === 'string' ? written.period : null,
  };
}

/** The source's freshness criteria, or null when it has none (dbt skips such sources). */
export function freshnessCriteria(source: SourceDefinitionNode): FreshnessCriteria | null {
  const freshness = source.freshness as { warn_after?: unknown; error_after?: unknown; filter?: unknown } | null | undefined;
  if (!freshness) return null;
  const criteria = { warn_after: threshold(freshness.warn_after), error_after: threshold(freshness.error_after), filter: typeof freshness.filter === 'string' ? freshness.filter : null };
  const active = (t: Threshold) => t.count !== null && t.period !== null;
  return active(criteria.warn_after) || active(criteria.error_after) ? criteria : null;
}

function exceeded(limit: Threshold, ageSeconds: number): boolean {
  if (limit.count === null || limit.period === null) return false;
  const unit = SECONDS[limit.period];
  return unit !== undefined && ageSeconds > limit.count * unit;
}

/** A warehouse timestamp as milliseconds since the epoch; a timestamp without a zone is UTC, as dbt takes it. */
function toMillis(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  const text = String(value).trim().replace(' ', 'T');
  const zoned = /(Z|[+-]\d\d(:?\d\d)?)$/.test(text) || !text.includes('T') ? text : `${text}Z`;
  const millis = Date.parse(zoned);
  return Number.isNaN(millis) ? null : millis;
}

/**
 * The newest load and the warehouse's clock: `max(loaded_at_field)`, or without one the time the
 * warehouse last changed the table (dbt's metadata-based freshness; adapters that keep no such
 * time refuse, in dbt's words).
 */
async function newestLoad(adapter: Adapter, source: SourceDefinitionNode, criteria: FreshnessCriteria, renderQuery?: QueryRenderer): Promise<[unknown, unknown]> {
  if (source.loaded_at_query) {
    if (!renderQuery) throw new Error(`Could not compute freshness for source ${source.name}: its loaded_at_query needs the project's compiler`);
    const query = await renderQuery(source.loaded_at_query, source.unique_id);
    const values = Object.values((await adapter.execute(`with source_query as (\n${query}\n)\nselect (select * from source_query) as max_loaded_at, ${adapter.currentTimestamp()} as snapshotted_at`)).rows[0] ?? {});
    return [values[0], values[1]];
  }
  if (!source.loaded_at_field) {
    if (!adapter.relationLastModified) {
      throw new Error(`Could not compute freshness for source ${source.name}: no 'loaded_at_field' provided and ${adapter.type} adapter does not support metadata-based freshness checks.`);
    }
    const found = await adapter.relationLastModified({ database: source.database, schema: source.schema, identifier: source.identifier });
    if (!found) throw new Error(`Could not compute freshness for source ${source.name}: ${source.relation_name} does not exist`);
    return [found.lastModified, found.snapshottedAt];
  }
  const sql = [
    `select max(${source.loaded_at_field}) as max_loaded_at, ${adapter.currentTimestamp()} as snapshotted_at`,
    `from ${source.relation_name}`,
    ...(criteria.filter ? [`where ${criteria.filter}`] : []),
  ].join('\n');
  const values = Object.values((await adapter.execute(sql)).rows[0] ?? {});
  return [values[0], values[1]];
}

/** Renders a source's loaded_at_query (Jinja, `this` the source) into SQL. */
export type QueryRenderer = (sql: string, sourceId: string) => Promise<string>;

async function checkOne(adapter: Adapter, source: SourceDefinitionNode, criteria: FreshnessCriteria, renderQuery?: QueryRenderer): Promise<FreshnessResult> {
  const startedAt = new Date();
  const started = performance.now();
  const base = { unique_id: source.unique_id, criteria, thread_id: 'Thread-1', adapter_response: {} };
  try {
    const [newest, clock] = await newestLoad(adapter, source, criteria, renderQuery);
    const loaded = toMillis(newest);
    const now = toMillis(clock) ?? Date.now();
    const age = loaded === null ? null : (now - loaded) / 1000;
    const status: FreshnessStatus = age === null || exceeded(criteria.error_after, age) ? 'error' : exceeded(criteria.warn_after, age) ? 'warn' : 'pass';
    const completedAt = new Date();
    return {
      ...base,
      status,
      max_loaded_at: loaded === null ? null : new Date(loaded).toISOString(),
      snapshotted_at: new Date(now).toISOString(),
      max_loaded_at_time_ago_in_s: age,
      execution_time: (performance.now() - started) / 1000,
      timing: [{ name: 'execute', started_at: startedAt.toISOString(), completed_at: completedAt.toISOString() }],
    };
  } catch (error) {
    return {
      ...base,
      status: 'runtime error',
      max_loaded_at: null,
      snapshotted_at: null,
      max_loaded_at_time_ago_in_s: null,
      error: error instanceof Error ? error.message : String(error),
      execution_time: (performance.now() - started) / 1000,
      timing: [],
    };
  }
}

/** Checks the freshness of the selected sources, one query each, in selection order. */
export async function checkFreshness(
  manifest: Manifest,
  ids: string[],
  adapter: Adapter,
  onResult?: (result: FreshnessResult, index: number, total: number) => void,
  renderQuery?: QueryRenderer,
): Promise<FreshnessRun> {
  const started = performance.now();
  const run: FreshnessRun = { results: [], skipped: [], elapsed_time: 0 };
  const checked: { source: SourceDefinitionNode; criteria: FreshnessCriteria }[] = [];
  for (const id of ids) {
    const source = manifest.sources[id];
    if (!source) continue;
    const criteria = freshnessCriteria(source);
    if (!criteria) run.skipped.push({ unique_id: id, reason: 'no freshness (warn_after / error_after) configured' });
    else checked.push({ source, criteria });
  }
  for (const [index, { source, criteria }] of checked.entries()) {
    const result = await checkOne(adapter, source, criteria, renderQuery);
    run.results.push(result);
    onResult?.(result, index + 1, checked.length);
  }
  run.elapsed_time = (performance.now() - started) / 1000;
  return run;
}

/** `target/sources.json`, dbt's sources artifact (v3). */
export async function writeSourcesJson(run: FreshnessRun, path: string, dbtVersion: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const results = run.results.map((result) =>
    result.status === 'runtime error'
      ? { unique_id: result.unique_id, error: result.error, status: result.status }
      : { ...result, error: undefined },
  );
  const artifact = {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v3.json',
      dbt_version: dbtVersion,
      generated_at: new Date().toISOString(),
      invocation_id: randomUUID(),
      env: {},
    },
    results,
    elapsed_time: run.elapsed_time,
  };
  await writeFile(path, artifactText(`${JSON.stringify(artifact, null, 2)}\n`));
  return path;
}
