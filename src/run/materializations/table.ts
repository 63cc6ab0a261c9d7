/**
 * `table`: replaced in one atomic step where the adapter can (`replaceTableAs`: DuckDB's single
 * `create or replace table … as`; with an enforced contract only where the adapter says so:
 * Snowflake's `create or replace table (<typed columns>) as`); otherwise, and for a view in the
 * way, built under `<alias>__dailies_tmp` in the same schema, then swapped in atomically.
 * On any failure the temp is dropped and the previous table is left as it was.
 */
import type { ManifestNode } from '../../graph/types.js';
import type { CreateTableOptions, Relation } from '../../warehouse/adapter.js';
import type { RunContext } from '../context.js';
import { TEMP_SUFFIX, dropLeftover, dropQuietly, publishTable, relationOf, siblingRelation } from '../context.js';
import type { NodeOutcome } from '../types.js';
import { checkContract, isContractEnforced } from './contract.js';
import { withForeignKeyDependentsSetAside } from './foreign-key-dependents.js';
import { hasForeignKey, modelConstraints } from './foreign-keys.js';
import { sqlHeader } from './write-options.js';

/** `transient` as dbt-snowflake reads it: only an explicit `transient: false` asks for a permanent table. */
export function tableOptions(node: ManifestNode): CreateTableOptions {
  const header = sqlHeader(node);
  return { ...(node.config.transient === false ? { transient: false } : {}), ...(header ? { sqlHeader: header } : {}) };
}

/** Builds `sql` into a temp table next to `target` (checking the contract), then publishes it. */
export async function buildTableAtomically(context: RunContext, node: ManifestNode, target: Relation, sql: string): Promise<void> {
  // tables referencing this one through foreign keys are set aside where the warehouse requires it (DuckDB)
  await withForeignKeyDependentsSetAside(context, node, target, () => buildTable(context, node, target, sql));
}

async function buildTable(context: RunContext, node: ManifestNode, target: Relation, sql: string): Promise<void> {
  const { adapter } = context;
  const staged = siblingRelation(target, TEMP_SUFFIX);
  await dropLeftover(context, staged);
  const contracted = isContractEnforced(node);
  if (!contracted && (await replaceTableInOneStep(context, target, sql, tableOptions(node)))) return;
  const contractColumns = contracted ? await checkContract(adapter, node, target, sql, undefined, context.compiler.manifest) : undefined;
  // where the adapter creates a contract's typed table and its rows in one atomic statement (Snowflake),
  // and a table with a foreign key, which is created under its own name as dbt-duckdb does (DuckDB
  // keeps the name a referencing table was created under: renamed into place, its parent could never be dropped)
  const contractConstraints = contracted ? modelConstraints(node, context.compiler.manifest) : [];
  const contract = contractColumns ? { contractColumns, ...(contractConstraints.length > 0 ? { contractConstraints } : {}) } : {};
  const inPlace = contractColumns && (adapter.capabilities?.contractTableInOneStep || hasForeignKey(contractColumns, contractConstraints));
  if (inPlace && (await replaceTableInOneStep(context, target, sql, { ...tableOptions(node), ...contract }))) return;
  try {
    await adapter.createTableAs(staged, sql, { ...tableOptions(node), ...contract });
    await publishTable(context, target, staged);
  } catch (error) {
    await dropQuietly(adapter, staged);
    throw error;
  }
}

/**
 * Uses the adapter's atomic `replaceTableAs` when it has one and nothing but a table (or nothing)
 * is at `target`. Returns false when the caller must build into a temp and swap instead.
 */
export async function replaceTableInOneStep(context: RunContext, target: Relation, sql: string, options: CreateTableOptions = {}): Promise<boolean> {
  const { adapter } = context;
  if (!adapter.replaceTableAs) return false;
  const existing = await context.lookupRelation(target);
  if (existing && existing.type !== 'table') return false;
  await adapter.replaceTableAs(target, sql, options);
  return true;
}

export async function materializeTable(context: RunContext, node: ManifestNode, sql: string): Promise<NodeOutcome> {
  const target = relationOf(node);
  await buildTableAtomically(context, node, target, sql);
  return { status: 'success', message: 'OK', relationName: context.adapter.renderRelation(target) };
}
