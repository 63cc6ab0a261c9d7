/**
 * Model contracts: the columns a model declares (name + data_type) against the columns its
 * query actually returns. A mismatch is a DailiesError with a table of expected vs actual.
 */
import { DailiesError } from '../../errors.js';
import type { Manifest, ManifestNode } from '../../graph/types.js';
import type { Adapter, ColumnMeta, CreateTableOptions, Relation } from '../../warehouse/adapter.js';
import { dropQuietly, siblingRelation } from '../context.js';
import { contractConstraint } from './foreign-keys.js';
import { sqlHeader } from './write-options.js';

export function isContractEnforced(node: ManifestNode): boolean {
  return node.config.contract?.enforced === true || node.contract?.enforced === true;
}

interface Difference {
  column: string;
  expected: string;
  actual: string;
  problem: 'missing' | 'extra' | 'type mismatch';
}

export function contractDifferences(node: ManifestNode, actual: ColumnMeta[], adapter: Adapter): Difference[] {
  const declared = Object.values(node.columns);
  const byName = new Map(actual.map((column) => [column.name.toLowerCase(), column]));
  const differences: Difference[] = [];
  const seen = new Set<string>();
  for (const column of declared) {
    const key = column.name.toLowerCase();
    seen.add(key);
    const found = byName.get(key);
    const expected = column.data_type ?? '';
    if (!found) {
      differences.push({ column: column.name, expected, actual: '', problem: 'missing' });
    } else if (adapter.normalizeType(expected) !== adapter.normalizeType(found.dataType)) {
      differences.push({ column: column.name, expected, actual: found.dataType, problem: 'type mismatch' });
    }
  }
  for (const column of actual) {
    if (!seen.has(column.name.toLowerCase())) differences.push({ column: column.name, expected: '', actual: column.dataType, problem: 'extra' });
  }
  return differences;
}

export function formatDifferences(differences: Difference[]): string {
  const header = ['column', 'expected type', 'actual type', 'problem'];
  const rows = differences.map((d) => [d.column, d.expected || '-', d.actual || '-', d.problem]);
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((cell, index) => cell.padEnd(widths[index]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/**
 * Checks the contract of `node` against what `selectSql` returns, without running the query
 * for real (the adapter's `describeQuery`, else an empty probe table), and returns the
 * `contractColumns` for createTableAs.
 */
export async function checkContract(adapter: Adapter, node: ManifestNode, target: Relation, selectSql: string, described?: ColumnMeta[], manifest?: Manifest): Promise<CreateTableOptions['contractColumns']> {
  const declared = Object.values(node.columns);
  const untyped = declared.filter((column) => !column.data_type);
  if (declared.length === 0 || untyped.length > 0) {
    throw new DailiesError('contract', `model '${node.name}' enforces a contract but ${declared.length === 0 ? 'declares no columns' : `declares no data_type for ${untyped.map((c) => c.name).join(', ')}`}`, {
      place: node.dailies.place,
      hint: 'list every column with its data_type under `columns:` in the model\'s YAML, or set contract: {enforced: false}',
    });
  }
  const header = sqlHeader(node);
  const actual = described ?? (adapter.describeQuery ? await adapter.describeQuery(selectSql, header ? { sqlHeader: header } : {}) : await probeColumns(adapter, target, selectSql, header));
  const differences = contractDifferences(node, actual, adapter);
  if (differences.length > 0) {
    throw new DailiesError('contract', `contract of model '${node.name}' does not match its query:\n${formatDifferences(differences)}`, {
      place: node.dailies.place,
      hint: 'change the model so its columns match the declared names and data types, or update the YAML columns',
    });
  }
  return declared.map((column) => ({
    name: column.name,
    dataType: column.data_type!,
    // with the manifest (a table to create), foreign keys resolved to their tables
    constraints: column.constraints.flatMap((raw) => (manifest ? (contractConstraint(raw, node, column.name, manifest) ?? []) : toConstraint(raw))),
  }));
}

/** The query's columns as a table would have them: an empty probe table, read back and dropped. */
async function probeColumns(adapter: Adapter, target: Relation, selectSql: string, header: string | undefined): Promise<ColumnMeta[]> {
  const probe = siblingRelation(target, '__dailies_contract');
  try {
    await adapter.createTableAs(probe, `select * from (\n${selectSql}\n) dailies_contract_probe where 1 = 0`, header ? { sqlHeader: header } : {});
    return await adapter.getColumns(probe);
  } finally {
    await dropQuietly(adapter, probe);
  }
}

function toConstraint(raw: unknown): { type: string; expression?: string }[] {
  if (!raw || typeof raw !== 'object') return [];
  const value = raw as { type?: unknown; expression?: unknown };
  if (typeof value.type !== 'string') return [];
  return [{ type: value.type, ...(typeof value.expression === 'string' ? { expression: value.expression } : {}) }];
}
