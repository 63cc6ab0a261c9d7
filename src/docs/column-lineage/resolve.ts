/**
 * Column-level lineage of one query from its syntax tree (DuckDB's `json_serialize_sql` shape):
 * for each output column, the upstream relation columns its expression reads, through CTEs,
 * subqueries, joins, `*` and set operations. Names compare case-insensitively. What cannot be
 * resolved (a column of a relation whose columns are unknown and which is not the only one in
 * scope, a table function) is left out rather than guessed.
 */

/** A column of an upstream relation: `<unique id>` and the column name as the relation has it. */
export interface ColumnOrigin {
  node: string;
  column: string;
}

export interface OutputColumn {
  name: string;
  origins: ColumnOrigin[];
  /** True when the column is an upstream column passed through unchanged (renamed at most). */
  direct: boolean;
}

/** An upstream relation the query may read: how to recognise it, and its columns when known. */
export interface UpstreamRelation {
  node: string;
  schema: string;
  identifier: string;
  /** Column names, or null when unknown (every name read from it is then taken as its column). */
  columns: string[] | null;
  /** An ephemeral model, inlined as the CTE named `identifier`: the CTE stands for the model. */
  ephemeral?: boolean;
}

type Tree = Record<string, any>;

interface ScopeEntry {
  /** The name the query refers to it by (alias, else table name), lower-case. */
  name: string;
  /** Known columns, or null for an upstream relation whose columns are unknown. */
  columns: OutputColumn[] | null;
  /** For unknown columns: the upstream node a column name maps to. */
  node: string | null;
}

interface Cte {
  name: string;
  query: Tree;
  /** The CTEs its own query sees: those defined before it, then the enclosing query's. */
  visible: Cte[];
  resolved?: OutputColumn[];
}

export class LineageResolver {
  private readonly byName = new Map<string, UpstreamRelation[]>();

  constructor(upstream: UpstreamRelation[]) {
    for (const relation of upstream) {
      for (const key of [relation.identifier.toLowerCase(), `${relation.schema.toLowerCase()}.${relation.identifier.toLowerCase()}`]) {
        const list = this.byName.get(key) ?? [];
        list.push(relation);
        this.byName.set(key, list);
      }
    }
  }

  /** The output columns of a statement (a query node). */
  resolve(statement: Tree): OutputColumn[] {
    return this.queryNode(statement, []);
  }

  private queryNode(node: Tree, outer: Cte[]): OutputColumn[] {
    const ctes = this.ctesOf(node, outer);
    if (node.type === 'SET_OPERATION_NODE') {
      const left = this.queryNode(node.left, ctes);
      const right = this.queryNode(node.right, ctes);
      return left.map((column, index) => {
        const other = right[index];
        return other ? { name: column.name, origins: mergeOrigins(column.origins, other.origins), direct: false } : column;
      });
    }
    if (node.type !== 'SELECT_NODE') return [];
    const scope = node.from_table ? this.fromEntries(node.from_table, ctes) : [];
    const outputs: OutputColumn[] = [];
    for (const expression of node.select_list ?? []) {
      if (expression.class === 'STAR') {
        outputs.push(...this.expandStar(expression, scope));
        continue;
      }
      const name = outputName(expression);
      if (name === null) continue;
      const origins = mergeOrigins(...columnRefs(expression).map((ref) => this.lookup(ref, scope)));
      outputs.push({ name, origins, direct: expression.class === 'COLUMN_REF' && origins.length === 1 });
    }
    return outputs;
  }

  /** The CTEs visible in a query: its own, latest first (so a later one shadows an earlier one), then the outer ones. */
  private ctesOf(node: Tree, outer: Cte[]): Cte[] {
    const own: Cte[] = [];
    for (const entry of node.cte_map?.map ?? []) {
      own.unshift({ name: String(entry.key).toLowerCase(), query: entry.value.query.node, visible: [...own, ...outer] });
    }
    return [...own, ...outer];
  }

  private fromEntries(table: Tree, ctes: Cte[]): ScopeEntry[] {
    if (table.type === 'JOIN') return [...this.fromEntries(table.left, ctes), ...this.fromEntries(table.right, ctes)];
    if (table.type === 'SUBQUERY') {
      return [{ name: String(table.alias ?? '').toLowerCase(), columns: renamed(this.queryNode(table.subquery.node, ctes), table.column_name_alias), node: null }];
    }
    if (table.type !== 'BASE_TABLE') return [{ name: String(table.alias ?? '').toLowerCase(), columns: [], node: null }];
    const tableName = String(table.table_name).toLowerCase();
    const schema = String(table.schema_name ?? '').toLowerCase();
    const name = String(table.alias || table.table_name).toLowerCase();
    const ephemeral = schema === '' ? (this.byName.get(tableName) ?? []).find((relation) => relation.ephemeral) : undefined;
    const cte = schema === '' && !ephemeral ? ctes.find((candidate) => candidate.name === tableName) : undefined;
    if (cte) {
      cte.resolved ??= this.queryNode(cte.query, cte.visible);
      return [{ name, columns: renamed(cte.resolved, table.column_name_alias), node: null }];
    }
    const candidates = ephemeral ? [ephemeral] : this.byName.get(schema === '' ? tableName : `${schema}.${tableName}`) ?? [];
    if (candidates.length !== 1) return [{ name, columns: [], node: null }];
    const upstream = candidates[0]!;
    const columns = upstream.columns === null ? null : upstream.columns.map((column) => ({ name: column, origins: [{ node: upstream.node, column }], direct: true }));
    return [{ name, columns: columns === null ? null : renamed(columns, table.column_name_alias), node: upstream.node }];
  }

  private expandStar(star: Tree, scope: ScopeEntry[]): OutputColumn[] {
    const relation = String(star.relation_name ?? '').toLowerCase();
    const excluded = new Set((star.exclude_list ?? []).map((item: unknown) => lastName(item)).filter(Boolean));
    const entries = relation === '' ? scope : scope.filter((entry) => entry.name === relation);
    const outputs: OutputColumn[] = [];
    for (const entry of entries) {
      for (const column of entry.columns ?? []) {
        if (!excluded.has(column.name.toLowerCase())) outputs.push(column);
      }
    }
    return outputs;
  }

  private lookup(names: string[], scope: ScopeEntry[]): ColumnOrigin[] {
    const column = names[names.length - 1]!.toLowerCase();
    const qualifier = names.length > 1 ? names[names.length - 2]!.toLowerCase() : null;
    const entries = qualifier === null ? scope : scope.filter((entry) => entry.name === qualifier);
    const known = entries.filter((entry) => entry.columns?.some((candidate) => candidate.name.toLowerCase() === column));
    if (known.length > 0) {
      return mergeOrigins(...known.map((entry) => entry.columns!.find((candidate) => candidate.name.toLowerCase() === column)!.origins));
    }
    // Not among the known columns: an upstream relation whose columns are unknown (or incompletely
    // declared) takes it when it is the one the name is qualified with, or the only one in scope.
    const open = entries.filter((entry) => entry.node !== null && (entry.columns === null || qualifier !== null || entries.length === 1));
    const unknown = open.filter((entry) => entry.columns === null);
    const owner = open.length === 1 ? open[0] : unknown.length === 1 && scope.every((entry) => entry.columns === null || entry.node !== null) ? unknown[0] : undefined;
    return owner ? [{ node: owner.node!, column: names[names.length - 1]! }] : [];
  }
}

function outputName(expression: Tree): string | null {
  if (expression.alias) return String(expression.alias);
  if (expression.class === 'COLUMN_REF') return String(expression.column_names[expression.column_names.length - 1]);
  return null;
}

function renamed(columns: OutputColumn[], aliases: unknown): OutputColumn[] {
  const names = Array.isArray(aliases) ? aliases.map(String) : [];
  return columns.map((column, index) => (names[index] ? { ...column, name: names[index]! } : column));
}

function lastName(item: unknown): string {
  if (typeof item === 'string') return item.toLowerCase();
  if (item && typeof item === 'object' && Array.isArray((item as Tree).column_names)) {
    const names = (item as Tree).column_names as string[];
    return String(names[names.length - 1]).toLowerCase();
  }
  return '';
}

/** Every column reference an expression reads (not descending into subqueries, which have their own scope). */
function columnRefs(expression: Tree): string[][] {
  const found: string[][] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const node = value as Tree;
    if (node.class === 'COLUMN_REF' && Array.isArray(node.column_names)) {
      found.push(node.column_names.map(String));
      return;
    }
    if (node.class === 'SUBQUERY') return;
    for (const [key, child] of Object.entries(node)) if (key !== 'query_location') visit(child);
  };
  visit(expression);
  return found;
}

function mergeOrigins(...lists: ColumnOrigin[][]): ColumnOrigin[] {
  const seen = new Map<string, ColumnOrigin>();
  for (const list of lists) for (const origin of list) seen.set(`${origin.node}\u0000${origin.column.toLowerCase()}`, origin);
  return [...seen.values()].sort((a, b) => a.node.localeCompare(b.node) || a.column.localeCompare(b.column));
}
