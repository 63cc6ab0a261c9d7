/**
 * `table`: built under `<alias>__dailies_tmp` in the same schema, then swapped in atomically.
 * On any failure the temp is dropped and the previous table is left as it was.
 */
import type { ManifestNode } from '../../graph/types.js';
import type { Relation } from '../../warehouse/adapter.js';
import type { RunContext } from '../context.js';
import { TEMP_SUFFIX, dropLeftover, dropQuietly, publishTable, relationOf, siblingRelation } from '../context.js';
import type { NodeOutcome } from '../types.js';
import { checkContract, isContractEnforced } from './contract.js';

/** Builds `sql` into a temp table next to `target` (checking the contract), then publishes it. */
export async function buildTableAtomically(context: RunContext, node: ManifestNode, target: Relation, sql: string): Promise<void> {
  const { adapter } = context;
  const staged = siblingRelation(target, TEMP_SUFFIX);
  await dropLeftover(context, staged);
  try {
    const contractColumns = isContractEnforced(node) ? await checkContract(adapter, node, target, sql) : undefined;
    await adapter.createTableAs(staged, sql, contractColumns ? { contractColumns } : undefined);
    await publishTable(context, target, staged);
  } catch (error) {
    await dropQuietly(adapter, staged);
    throw error;
  }
}

export async function materializeTable(context: RunContext, node: ManifestNode, sql: string): Promise<NodeOutcome> {
  const target = relationOf(node);
  await buildTableAtomically(context, node, target, sql);
  return { status: 'success', message: 'OK', relationName: context.adapter.renderRelation(target) };
}
