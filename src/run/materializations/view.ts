/**
 * `view`: create or replace the view (an existing table of the same name is dropped first).
 * An enforced contract is checked (names and types; views have no constraints).
 */
import type { ManifestNode } from '../../graph/types.js';
import type { RunContext } from '../context.js';
import { relationOf } from '../context.js';
import type { NodeOutcome } from '../types.js';
import { checkContract, isContractEnforced } from './contract.js';
import { writeOptions } from './write-options.js';

export async function materializeView(context: RunContext, node: ManifestNode, sql: string): Promise<NodeOutcome> {
  const { adapter } = context;
  const target = relationOf(node);
  if (isContractEnforced(node)) await checkContract(adapter, node, target, sql);
  const existing = await context.lookupRelation(target);
  if (existing && existing.type !== 'view') await adapter.dropRelation(target, existing.type);
  await adapter.createViewAs(target, sql, writeOptions(node));
  return { status: 'success', message: 'OK', relationName: adapter.renderRelation(target) };
}
