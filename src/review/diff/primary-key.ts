/**
 * Which columns identify a model's rows, for a diff by key: a `unique` test on one column,
 * else a `unique_combination_of_columns` test, else a primary_key constraint of the model's
 * contract, else its `unique_key` config.
 */
import type { Manifest, ManifestNode } from '../../graph/types.js';

export interface PrimaryKey {
  columns: string[];
  /** Where the key came from, in words for the report. */
  source: string;
}

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** A column name as written in YAML, unquoted; null when it is an expression rather than a column. */
function columnNameOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const quoted = /^"((?:[^"]|"")+)"$/.exec(text) ?? /^`([^`]+)`$/.exec(text);
  if (quoted) return quoted[1].replaceAll('""', '"');
  return PLAIN_IDENTIFIER.test(text) ? text : null;
}

function columnsOf(values: unknown): string[] | null {
  const list = Array.isArray(values) ? values : typeof values === 'string' ? values.split(',') : null;
  if (!list || list.length === 0) return null;
  const names = list.map(columnNameOf);
  return names.every((name): name is string => name !== null) ? names : null;
}

function testsOn(manifest: Manifest, uniqueId: string): ManifestNode[] {
  return Object.values(manifest.nodes)
    .filter((node) => node.resource_type === 'test' && node.attached_node === uniqueId && node.config.enabled !== false)
    .sort((a, b) => a.unique_id.localeCompare(b.unique_id));
}

function fromUniqueTests(tests: ManifestNode[]): PrimaryKey | null {
  for (const test of tests) {
    if (test.test_metadata?.name !== 'unique') continue;
    const column = columnNameOf(test.column_name ?? test.test_metadata.kwargs.column_name);
    if (column) return { columns: [column], source: 'unique test' };
  }
  for (const test of tests) {
    if (test.test_metadata?.name !== 'unique_combination_of_columns') continue;
    const columns = columnsOf(test.test_metadata.kwargs.combination_of_columns);
    if (columns) return { columns, source: 'unique_combination_of_columns test' };
  }
  return null;
}

function isPrimaryKeyConstraint(constraint: unknown): constraint is { type: string; columns?: unknown } {
  return typeof constraint === 'object' && constraint !== null && (constraint as { type?: unknown }).type === 'primary_key';
}

function fromContract(node: ManifestNode): PrimaryKey | null {
  const modelConstraints = (node as unknown as { constraints?: unknown }).constraints;
  if (Array.isArray(modelConstraints)) {
    for (const constraint of modelConstraints) {
      if (!isPrimaryKeyConstraint(constraint)) continue;
      const columns = columnsOf(constraint.columns);
      if (columns) return { columns, source: 'contract primary_key' };
    }
  }
  const columns = Object.values(node.columns)
    .filter((column) => Array.isArray(column.constraints) && column.constraints.some(isPrimaryKeyConstraint))
    .map((column) => column.name);
  return columns.length > 0 ? { columns, source: 'contract primary_key' } : null;
}

function fromConfig(node: ManifestNode): PrimaryKey | null {
  const columns = columnsOf(node.config.unique_key);
  return columns ? { columns, source: 'config unique_key' } : null;
}

export function primaryKeyFor(manifest: Manifest, uniqueId: string): PrimaryKey | null {
  const node = manifest.nodes[uniqueId];
  if (!node) return null;
  return fromUniqueTests(testsOn(manifest, uniqueId)) ?? fromContract(node) ?? fromConfig(node);
}
