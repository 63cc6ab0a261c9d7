/**
 * `on_schema_change` for incremental models: compares the new rows' columns with the existing
 * table's and reconciles them (ignore / fail / append_new_columns / sync_all_columns).
 */
import { DailiesError } from '../../errors.js';
import type { ManifestNode } from '../../graph/types.js';
import type { Adapter, ColumnMeta, Relation } from '../../warehouse/adapter.js';

export interface SchemaDifference {
  added: ColumnMeta[];
  removed: ColumnMeta[];
  changed: { name: string; from: string; to: string }[];
}

export function compareColumns(adapter: Adapter, existing: ColumnMeta[], incoming: ColumnMeta[]): SchemaDifference {
  const key = (name: string): string => name.toLowerCase();
  const existingByName = new Map(existing.map((column) => [key(column.name), column]));
  const incomingByName = new Map(incoming.map((column) => [key(column.name), column]));
  const changed: SchemaDifference['changed'] = [];
  for (const column of incoming) {
    const before = existingByName.get(key(column.name));
    if (before && adapter.normalizeType(before.dataType) !== adapter.normalizeType(column.dataType)) {
      changed.push({ name: before.name, from: before.dataType, to: column.dataType });
    }
  }
  return {
    added: incoming.filter((column) => !existingByName.has(key(column.name))),
    removed: existing.filter((column) => !incomingByName.has(key(column.name))),
    changed,
  };
}

export function describeSchemaDifference(diff: SchemaDifference): string {
  const lines: string[] = [];
  for (const column of diff.added) lines.push(`  + ${column.name} ${column.dataType} (new in the model)`);
  for (const column of diff.removed) lines.push(`  - ${column.name} ${column.dataType} (no longer in the model)`);
  for (const change of diff.changed) lines.push(`  ~ ${change.name}: ${change.from} -> ${change.to}`);
  return lines.join('\n');
}

export function isSchemaUnchanged(diff: SchemaDifference): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

/** `on_schema_change: fail` and the columns differ. */
export function schemaChangedError(node: ManifestNode, diff: SchemaDifference): DailiesError {
  return new DailiesError('contract', `the columns of incremental model '${node.name}' changed:\n${describeSchemaDifference(diff)}`, {
    place: node.dailies.place,
    hint: "run with --full-refresh to rebuild the table, or set on_schema_change to 'append_new_columns' or 'sync_all_columns'",
  });
}

/**
 * Applies the node's `on_schema_change` to `target` and returns the columns to write
 * (names as the incoming relation spells them).
 */
export async function reconcileSchema(adapter: Adapter, node: ManifestNode, target: Relation, incoming: Relation): Promise<string[]> {
  const mode = (node.config.on_schema_change ?? 'ignore').toLowerCase();
  const existingColumns = await adapter.getColumns(target);
  const incomingColumns = await adapter.getColumns(incoming);
  const diff = compareColumns(adapter, existingColumns, incomingColumns);
  const existingNames = new Set(existingColumns.map((column) => column.name.toLowerCase()));
  const common = incomingColumns.filter((column) => existingNames.has(column.name.toLowerCase())).map((column) => column.name);
  if (isSchemaUnchanged(diff)) return incomingColumns.map((column) => column.name);

  switch (mode) {
    case 'ignore':
      return common;
    case 'fail':
      throw schemaChangedError(node, diff);
    case 'append_new_columns':
      if (diff.added.length > 0) await adapter.addColumns(target, diff.added);
      return incomingColumns.map((column) => column.name);
    case 'sync_all_columns':
      if (diff.added.length > 0) await adapter.addColumns(target, diff.added);
      if (diff.removed.length > 0) await adapter.dropColumns(target, diff.removed.map((column) => column.name));
      for (const change of diff.changed) await adapter.alterColumnType(target, change.name, change.to);
      return incomingColumns.map((column) => column.name);
    default:
      throw new DailiesError('config', `unknown on_schema_change '${mode}' on model '${node.name}'`, {
        place: node.dailies.place,
        hint: "use one of 'ignore', 'fail', 'append_new_columns', 'sync_all_columns'",
      });
  }
}
