/**
 * Write-audit-publish by schema swap, for warehouses that can (`capabilities.schemaSwap`:
 * Snowflake). Each production schema is first cloned into its staging schema (zero-copy), the
 * changed models are built and tested there, the views that were built are re-created with SQL
 * naming production relations, and then `ALTER SCHEMA … SWAP WITH` exchanges staging and
 * production in one statement per schema: readers see all of a schema's change or none of it.
 * After the swap the staging name holds the old production, which the caller drops.
 */
import type { ProjectCompiler } from '../compiler/api.js';
import type { Manifest } from '../graph/types.js';
import type { Adapter, ProductionState } from '../warehouse/adapter.js';
import { relationOfNode } from './deferred-build.js';
import type { Published } from './publish.js';
import type { SchemaRef } from './pr-schemas.js';

export interface SwapPair {
  database: string | null;
  production: string;
  staging: string;
}

export function canPublishBySwap(adapter: Adapter): boolean {
  return adapter.capabilities?.schemaSwap === true && typeof adapter.cloneSchema === 'function' && typeof adapter.swapSchemas === 'function';
}

/** The production schema each staging schema stands for (`prod_wap_1a2b_marts` → `prod_marts`). */
export function swapPairs(stagingSchemas: SchemaRef[], stagingSchema: string, productionSchema: string): SwapPair[] {
  return stagingSchemas.map(({ database, schema }) => ({ database, staging: schema, production: `${productionSchema}${schema.slice(stagingSchema.length)}` }));
}

/** Clones every production schema that exists into its staging schema; false when one does not exist (first promotion: nothing to swap with). */
export async function cloneProduction(adapter: Adapter, pairs: SwapPair[]): Promise<boolean> {
  for (const pair of pairs) if (!(await adapter.schemaExists(pair.database, pair.production))) return false;
  for (const pair of pairs) await adapter.cloneSchema!(pair.database, pair.production, pair.staging);
  return true;
}

export interface SwapPublishPlan {
  production: ProjectCompiler;
  staging: Manifest;
  built: string[];
  pairs: SwapPair[];
  /**
   * Production's new record, written right after the swaps (a swap is DDL: it cannot share a
   * transaction). A kill between the two leaves the old record, so the next promotion builds this
   * change again and converges.
   */
  record?: ProductionState;
}

export async function publishBySwap(adapter: Adapter, plan: SwapPublishPlan): Promise<Published[]> {
  const manifest = plan.production.manifest;
  const published: Published[] = [];
  for (const id of plan.built) {
    const target = relationOfNode(manifest, id);
    const staged = relationOfNode(plan.staging, id);
    if (!target || !staged) continue;
    const isView = manifest.nodes[id]!.config.materialized === 'view';
    if (isView) {
      // built in staging against staging names: after the swap those names hold the old production
      await adapter.createViewAs(staged, await plan.production.compileForRun(id, { isIncremental: false, adapter }));
    }
    published.push({ uniqueId: id, relation: adapter.renderRelation(target), kind: isView ? 'view' : 'table' });
  }
  for (const pair of plan.pairs) await adapter.swapSchemas!(pair.database, pair.production, pair.staging);
  const { record } = plan;
  if (record) await adapter.transaction((tx) => adapter.recordProductionState(tx, record));
  return published;
}
