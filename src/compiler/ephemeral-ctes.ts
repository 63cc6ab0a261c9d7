/**
 * Ephemeral models inlined as CTEs, as dbt does: each ephemeral model a node refers to
 * (recursively, deduplicated, in dependency order) becomes ` __dbt__cte__<alias> as (\n<sql>\n)`,
 * prepended to the node's SQL or merged into its leading WITH.
 */

export interface CteSource {
  uniqueId: string;
  alias: string;
  /** The model's own compiled SQL, before any CTE is injected. */
  sql: string;
  /** Ephemeral models it refers to directly, in ref order. */
  ephemeralParents: string[];
}

/** The CTEs a node needs, parents before children, each once. */
export function collectCtes(parents: string[], lookup: (uniqueId: string) => CteSource): { id: string; sql: string }[] {
  const ctes: { id: string; sql: string }[] = [];
  const seen = new Set<string>();
  const visit = (uniqueId: string, path: Set<string>): void => {
    if (seen.has(uniqueId) || path.has(uniqueId)) return;
    path.add(uniqueId);
    const source = lookup(uniqueId);
    for (const parent of source.ephemeralParents) visit(parent, path);
    path.delete(uniqueId);
    seen.add(uniqueId);
    ctes.push({ id: uniqueId, sql: ` __dbt__cte__${source.alias} as (\n${source.sql}\n)` });
  };
  for (const parent of parents) visit(parent, new Set());
  return ctes;
}

/** Length of leading whitespace and SQL comments. */
function skipTrivia(sql: string, from: number): number {
  let index = from;
  while (index < sql.length) {
    if (/\s/.test(sql[index])) index++;
    else if (sql.startsWith('--', index)) {
      const end = sql.indexOf('\n', index);
      index = end === -1 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', index)) {
      const end = sql.indexOf('*/', index + 2);
      index = end === -1 ? sql.length : end + 2;
    } else break;
  }
  return index;
}

/** dbt's inject_ctes_into_sql: `with <ctes>, <existing ctes>` or `with <ctes><sql>`. */
export function injectCtes(sql: string, ctes: { sql: string }[]): string {
  if (ctes.length === 0) return sql;
  const joined = ctes.map((cte) => cte.sql).join(', ');
  const start = skipTrivia(sql, 0);
  const withMatch = /^with\b/i.exec(sql.slice(start));
  if (withMatch) {
    let end = start + withMatch[0].length;
    const recursive = /^\s+recursive\b/i.exec(sql.slice(end));
    if (recursive) end += recursive[0].length;
    return `${sql.slice(0, end)}${joined},${sql.slice(end)}`;
  }
  const first = /\S/.exec(sql);
  const at = first ? first.index : sql.length;
  return `${sql.slice(0, at)}with${joined}${sql.slice(at)}`;
}
