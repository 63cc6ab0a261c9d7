/**
 * Compares the columns of a model in production and in the PR build: which were added, removed
 * or retyped, and which can be compared row by row (and how).
 */
import type { Adapter, ColumnMeta } from '../../warehouse/adapter.js';
import type { SchemaChange } from '../types.js';

/**
 * A column present on both sides. `asText` when its type changed to another kind (e.g. integer to
 * varchar): values are then compared as text. A change between numeric types (integer to bigint,
 * decimal(10,2) to decimal(11,2) as arithmetic widens it) is still reported as a retype, but
 * values compare as numbers: 1 and 1.00 are the same value, and no cast is paid on every row.
 */
export interface ComparedColumn {
  name: string;
  asText: boolean;
  /** Its type differs between the sides (numeric widenings included). */
  retyped: boolean;
  /** A numeric retype: the type both sides cast to without loss (the adapter's), or null when none is known. */
  commonType: string | null;
}

export interface SchemaComparison {
  change: SchemaChange;
  compared: ComparedColumn[];
}

/** Column names are matched case-insensitively (warehouses differ in how they fold case). */
function byFoldedName(columns: ColumnMeta[]): Map<string, ColumnMeta> {
  return new Map(columns.map((column) => [column.name.toLowerCase(), column]));
}

export function compareSchemas(adapter: Pick<Adapter, 'normalizeType' | 'isNumericType' | 'commonNumericType'>, prod: ColumnMeta[], pr: ColumnMeta[]): SchemaComparison {
  const prodByName = byFoldedName(prod);
  const prByName = byFoldedName(pr);
  const change: SchemaChange = { added: [], removed: [], retyped: [] };
  const compared: ComparedColumn[] = [];
  for (const column of prod) {
    const other = prByName.get(column.name.toLowerCase());
    if (!other) {
      change.removed.push({ name: column.name, dataType: column.dataType });
      continue;
    }
    const from = adapter.normalizeType(column.dataType);
    const to = adapter.normalizeType(other.dataType);
    if (from !== to) change.retyped.push({ name: column.name, from, to });
    const bothNumeric = adapter.isNumericType(from) && adapter.isNumericType(to);
    const commonType = from !== to && bothNumeric ? adapter.commonNumericType(from, to) : null;
    compared.push({ name: column.name, asText: from !== to && !bothNumeric, retyped: from !== to, commonType });
  }
  for (const column of pr) {
    if (!prodByName.has(column.name.toLowerCase())) change.added.push({ name: column.name, dataType: column.dataType });
  }
  return { change, compared };
}

/** The PR-side spelling of a column matched by name (case-insensitively). */
export function prNameOf(pr: ColumnMeta[], name: string): string {
  return pr.find((column) => column.name.toLowerCase() === name.toLowerCase())?.name ?? name;
}
