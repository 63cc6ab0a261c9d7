/**
 * Replacing a table other tables reference through foreign keys, where the warehouse refuses it
 * (DuckDB), as dbt-duckdb 1.11 does: each referencing table (and what references it in turn) must
 * be a table model this run rebuilds after this one; its rows are copied aside, it is dropped, the
 * table is built, and the copies are renamed back (without their keys, until their own model
 * rebuilds them later in the run). Anything else is dbt-duckdb's error, with the model's place.
 */
import { DailiesError } from '../../errors.js';
import type { ManifestNode } from '../../graph/types.js';
import type { Relation } from '../../warehouse/adapter.js';
import type { RunContext } from '../context.js';
import { relationOf, siblingRelation } from '../context.js';
import { wantsFullRefresh } from './incremental.js';

const BACKUP_SUFFIX = '__dbt_fk_backup';

export async function withForeignKeyDependentsSetAside<T>(context: RunContext, node: ManifestNode, target: Relation, work: () => Promise<T>): Promise<T> {
  const { adapter } = context;
  if (!adapter.foreignKeyDependents) return work();
  const existing = await context.lookupRelation(target);
  if (!existing || existing.type !== 'table') return work();
  const chain = await dependentChain(context, target);
  if (chain.length === 0) return work();
  checkRebuiltLater(context, node, target, chain);
  const setAside: { table: Relation; backup: Relation }[] = [];
  // the deepest first: a table cannot be dropped while another references it
  for (const dependent of [...chain].reverse()) {
    const table: Relation = { ...target, identifier: dependent.identifier };
    const backup = siblingRelation(table, BACKUP_SUFFIX);
    await adapter.dropRelation(backup, 'table');
    await adapter.createTableAs(backup, `select * from ${adapter.renderRelation(table)}`);
    await adapter.dropRelation(table, 'table');
    setAside.push({ table, backup });
  }
  try {
    return await work();
  } finally {
    for (const { table, backup } of [...setAside].reverse()) await adapter.renameRelation(backup, table.identifier, 'table');
  }
}

/** The tables referencing `target`, then those referencing them, … (each once, nearest first). */
async function dependentChain(context: RunContext, target: Relation): Promise<{ identifier: string; references: string[] }[]> {
  const found = new Map<string, { identifier: string; references: string[] }>();
  const queue = [target.identifier];
  while (queue.length > 0) {
    const next = queue.shift()!;
    for (const dependent of await context.adapter.foreignKeyDependents!({ ...target, identifier: next })) {
      const key = dependent.identifier.toLowerCase();
      if (found.has(key) || key === target.identifier.toLowerCase()) continue;
      found.set(key, dependent);
      queue.push(dependent.identifier);
    }
  }
  return [...found.values()];
}

/** dbt-duckdb's rules: each dependent a selected table model that refs a table of the chain (so it is rebuilt after). */
function checkRebuiltLater(context: RunContext, node: ManifestNode, target: Relation, chain: { identifier: string; references: string[] }[]): void {
  const nodes = Object.values(context.compiler.manifest.nodes).filter((candidate) => candidate.resource_type === 'model');
  const sameSchema = (candidate: ManifestNode): boolean => candidate.schema.toLowerCase() === target.schema.toLowerCase();
  const byTable = new Map<string, ManifestNode>();
  for (const dependent of chain) {
    const model = nodes.find((candidate) => sameSchema(candidate) && relationOf(candidate).identifier.toLowerCase() === dependent.identifier.toLowerCase());
    if (model) byTable.set(dependent.identifier.toLowerCase(), model);
  }
  const chainIds = new Map<string, string>([[target.identifier.toLowerCase(), node.unique_id], ...[...byTable].map(([table, model]) => [table, model.unique_id] as [string, string])]);
  const selected = new Set(context.options.select);
  const problems: string[] = [];
  for (const dependent of chain) {
    const table = dependent.identifier;
    const model = byTable.get(table.toLowerCase());
    const upstream = dependent.references.map((referenced) => chainIds.get(referenced.toLowerCase())).filter((id): id is string => id !== undefined);
    if (!model) problems.push(`${table} (not built by a dbt model in this project)`);
    else if (!selected.has(model.unique_id)) problems.push(`${table} (model ${model.name} is not selected in this run)`);
    else if (!upstream.some((id) => model.depends_on.nodes.includes(id))) {
      problems.push(`${table} (model ${model.name} does not ref() the table its foreign key points at, so dbt may not rebuild it afterwards; use \`to: ref(...)\` in the constraint)`);
    } else if (!(model.config.materialized === 'table' || (model.config.materialized === 'incremental' && wantsFullRefresh(model, context.options.fullRefresh)))) {
      problems.push(`${table} (model ${model.name} is materialized as ${model.config.materialized} and would lose its data; run with --full-refresh)`);
    }
  }
  if (problems.length > 0) {
    throw new DailiesError(
      'warehouse',
      `Cannot replace ${context.adapter.renderRelation(target)} because DuckDB does not allow replacing a table that a foreign key references, and only referencing tables that this run will rebuild can be dropped. Problem tables: ${problems.join('; ')}`,
      { place: node.dailies.place, hint: 'select the referencing models in the same run (e.g. `-s parent+`), or rebuild them with --full-refresh' },
    );
  }
}
