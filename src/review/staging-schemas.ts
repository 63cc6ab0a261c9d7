/**
 * Promote's staging schemas: `<production schema>_wap_<8 hex of the commit>` and its variants
 * (`main_wap_1a2b3c4d_marts`, test audit schemas). A promotion that was killed or cancelled leaves
 * them behind; the next promote and `dailies cleanup --stale` drop every one of them.
 */
import type { Adapter } from '../warehouse/adapter.js';
import { openAdapter } from '../warehouse/index.js';
import { loadReviewProject, productionTarget, type ProjectLocation } from './targets.js';

export function stagingSchemaName(productionSchema: string, commitSha: string): string {
  return `${productionSchema}_wap_${commitSha.slice(0, 8)}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Staging schemas of any promotion into `productionSchema` that exist in the default database, sorted. */
export async function stagingSchemasIn(adapter: Adapter, productionSchema: string): Promise<string[]> {
  const pattern = new RegExp(`^${escapeRegExp(productionSchema)}_wap_[0-9a-f]{8}(?:_|$)`, 'i');
  return (await adapter.listSchemas(null)).filter((schema) => pattern.test(schema)).sort();
}

/** Drops every staging schema left by earlier promotions; returns their names. */
export async function dropStagingLeftovers(adapter: Adapter, productionSchema: string): Promise<string[]> {
  const leftovers = await stagingSchemasIn(adapter, productionSchema);
  for (const schema of leftovers) await adapter.dropSchema(null, schema);
  return leftovers;
}

export interface StaleCleanupOptions extends ProjectLocation {
  /** The production target (default: `--target` when given, else `prod` when the profile has it). */
  prodTarget?: string;
}

/** `dailies cleanup --stale`: drops the staging schemas killed or abandoned promotions left in production. */
export async function cleanupStale(options: StaleCleanupOptions): Promise<{ schema: string; dropped: string[] }> {
  const loaded = await loadReviewProject(options);
  const target = options.prodTarget !== undefined || options.target === undefined ? productionTarget(loaded, options, options.prodTarget) : loaded.target;
  const adapter = await openAdapter(target);
  try {
    return { schema: target.schema, dropped: await dropStagingLeftovers(adapter, target.schema) };
  } finally {
    await adapter.close();
  }
}
