/**
 * Data diffs of everything the PR built (tables and views of models, seeds and snapshots)
 * against the same node in production. A diff that fails is recorded on its ModelDiff;
 * the review goes on.
 */
import { describeError } from '../errors.js';
import type { Manifest } from '../graph/types.js';
import type { Adapter } from '../warehouse/adapter.js';
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
}

const DIFFABLE = new Set(['model', 'seed', 'snapshot']);

/** Columns tagged `pii` (or with `meta: {pii: true}`) on a node, as the report masks them. */
export function piiColumnsOf(manifest: Manifest, uniqueId: string): string[] {
  const node = manifest.nodes[uniqueId] as { columns?: Record<string, { name?: string; tags?: string[]; meta?: Record<string, unknown> }> } | undefined;
  return Object.entries(node?.columns ?? {})
    .filter(([, column]) => (column.tags ?? []).some((tag) => tag.toLowerCase() === 'pii') || column.meta?.pii === true || column.meta?.contains_pii === true)
    .map(([name, column]) => column.name ?? name);
}

export async function diffBuiltModels(inputs: ModelDiffInputs): Promise<ModelDiff[]> {
  const diffs: ModelDiff[] = [];
  for (const outcome of inputs.builds) {
    if (!DIFFABLE.has(outcome.resourceType) || outcome.status !== 'success') continue;
    const prodNamed = relationOfNode(inputs.production, outcome.uniqueId);
    const prRelation = relationOfNode(inputs.pr, outcome.uniqueId);
    if (!prodNamed || !prRelation) continue;
    // production compiled without a connection leaves the default database implicit: name it
    const prodRelation = { ...prodNamed, database: prodNamed.database ?? inputs.adapter.defaultDatabase };
    const key = primaryKeyFor(inputs.production, outcome.uniqueId);
    const started = performance.now();
    const pii = piiColumnsOf(inputs.production, outcome.uniqueId);
    try {
      diffs.push({
        ...(await diffModel(inputs.adapter, {
          uniqueId: outcome.uniqueId,
          name: outcome.name,
          prod: prodRelation,
          pr: prRelation,
          primaryKey: key?.columns ?? null,
          primaryKeySource: key?.source ?? null,
        })),
        ...(pii.length > 0 ? { piiColumns: pii } : {}),
      });
    } catch (error) {
      diffs.push({
        uniqueId: outcome.uniqueId,
        name: outcome.name,
        prodRelation: inputs.adapter.renderRelation(prodRelation),
        prRelation: inputs.adapter.renderRelation(prRelation),
        prodExists: false,
        schema: { added: [], removed: [], retyped: [] },
        rowCounts: { prod: null, pr: 0 },
        primaryKey: key?.columns ?? null,
        primaryKeySource: key?.source ?? null,
        error: describeError(error),
        seconds: (performance.now() - started) / 1000,
        ...(pii.length > 0 ? { piiColumns: pii } : {}),
      });
    }
  }
  return diffs;
}

/** unique id → its schema change, for the lineage's breaking-change detection. */
export function schemaChangesOf(diffs: ModelDiff[]): Map<string, SchemaChange> {
  return new Map(diffs.filter((diff) => diff.prodExists && !diff.error).map((diff) => [diff.uniqueId, diff.schema]));
}
