/**
 * Contract `foreign_key` constraints as dbt-core 1.11 reads them: `to: ref('parent')` (or
 * `source('s', 't')`) with `to_columns: [id]`, resolved to the parent's relation as dbt compiles
 * it, or the older `expression: "parent (id)"` kept as written. The warehouse renders the
 * `references` clause (DuckDB enforces it, Snowflake records it).
 */
import { DailiesError } from '../../errors.js';
import { nodeRelation, sourceRelation } from '../../graph/node-relation.js';
import type { Manifest, ManifestNode } from '../../graph/types.js';
import type { ContractConstraint, ModelConstraint, Relation } from '../../warehouse/adapter.js';

const CALL = /^\s*(ref|source)\(\s*(['"])([^'"]+)\2\s*(?:,\s*(['"])([^'"]+)\4\s*)?\)\s*$/;

/** One raw YAML constraint as the adapter takes it; null when it is not a constraint at all. */
export function contractConstraint(raw: unknown, node: ManifestNode, column: string, manifest: Manifest | undefined): ContractConstraint | null {
  if (!raw || typeof raw !== 'object') return null;
  const value = raw as { type?: unknown; expression?: unknown; to?: unknown; to_columns?: unknown };
  if (typeof value.type !== 'string') return null;
  const constraint: ContractConstraint = { type: value.type, ...(typeof value.expression === 'string' ? { expression: value.expression } : {}) };
  if (value.type.toLowerCase() !== 'foreign_key') return constraint;
  const fail = (message: string, hint: string): never => {
    throw new DailiesError('contract', `the foreign_key constraint of column '${column}' of model '${node.name}' ${message}`, { place: node.dailies.place, hint });
  };
  const example = "write `to: ref('parent')` with `to_columns: [id]`, or `expression: \"parent (id)\"`";
  if (value.to === undefined || value.to === null) {
    if (!constraint.expression) fail('names no table', example);
    return constraint;
  }
  if (typeof value.to !== 'string') fail(`has a \`to\` that is not text: ${JSON.stringify(value.to)}`, example);
  const toColumns = value.to_columns;
  if (!Array.isArray(toColumns) || toColumns.length === 0 || toColumns.some((entry) => typeof entry !== 'string')) fail('has `to` but no `to_columns` list', example);
  return { type: value.type, to: resolveTo(value.to as string, manifest, fail), toColumns: toColumns as string[] };
}

/** `ref('m')`, `ref('pkg', 'm')` or `source('s', 't')` → the relation dbt compiles it to. */
function resolveTo(to: string, manifest: Manifest | undefined, fail: (message: string, hint: string) => never): Relation {
  const call = CALL.exec(to);
  if (!call) return fail(`has \`to: ${to}\`, which is not a ref() or source() call`, "write `to: ref('parent_model')` or `to: source('source_name', 'table')`");
  const [, kind, , first, , second] = call;
  const nodes = Object.values(manifest?.nodes ?? {});
  if (kind === 'ref') {
    const [pkg, name] = second === undefined ? [null, first!] : [first!, second];
    const found = nodes.filter((candidate) => ['model', 'seed', 'snapshot'].includes(candidate.resource_type) && candidate.name === name && (pkg === null || candidate.package_name === pkg));
    // a versioned model: its latest version, as ref() without v= gives
    const latest = found.find((candidate) => (candidate as { version?: unknown; latest_version?: unknown }).version === (candidate as { latest_version?: unknown }).latest_version) ?? found[0];
    if (!latest) return fail(`points at ${to}, which is no model, seed or snapshot of this project`, 'check the name in `to:`');
    return nodeRelation(latest);
  }
  if (second === undefined) return fail(`has \`to: ${to}\`: source() takes a source name and a table name`, "write `to: source('source_name', 'table')`");
  const source = Object.values(manifest?.sources ?? {}).find((candidate) => candidate.source_name === first && candidate.name === second);
  if (!source) return fail(`points at ${to}, which is no source of this project`, 'check the source and table names in `to:`');
  return sourceRelation(source);
}

/** The model-level constraints (`constraints:` beside `columns:`), foreign keys resolved as the columns' are. */
export function modelConstraints(node: ManifestNode, manifest: Manifest): ModelConstraint[] {
  return (node.constraints ?? []).flatMap((raw) => {
    const value = (raw ?? {}) as { columns?: unknown; name?: unknown };
    const columns = Array.isArray(value.columns) ? value.columns.map(String) : [];
    const constraint = contractConstraint(raw, node, columns.join(', '), manifest);
    if (!constraint) return [];
    return [{ ...constraint, columns, ...(typeof value.name === 'string' ? { name: value.name } : {}) }];
  });
}

/** Whether a contract declares a foreign key (on a column or the model). */
export function hasForeignKey(columns: { constraints: ContractConstraint[] }[], constraints: ContractConstraint[] = []): boolean {
  const isForeignKey = (constraint: ContractConstraint): boolean => constraint.type.toLowerCase() === 'foreign_key';
  return constraints.some(isForeignKey) || columns.some((column) => column.constraints.some(isForeignKey));
}
