/**
 * The whole-table fingerprint: row count and the sum of every row's 64-bit hash (or the
 * warehouse's own aggregate, Snowflake's HASH_AGG), for both sides
 * in one query (one scan of each table). Equal counts and equal sums prove two tables hold the
 * same multiset of rows (up to a hash collision, odds about 2^-64), whatever their order, with no
 * join. A diff takes this fast path for a model whose own SQL did not change: it usually rebuilt
 * to the same data, and then the proof costs one scan instead of a keyed comparison.
 */
export interface FingerprintPlan {
  prodSql: string;
  prSql: string;
  /** Columns in the same order on each side, as spelled there (quoted by the caller). */
  prodColumns: string[];
  prColumns: string[];
  /** The adapter's fast row hash. */
  hash: (expressions: string[]) => string;
  /** The adapter's order-independent aggregate hash of a table's rows (Snowflake's HASH_AGG), used instead of summing `hash` when given. */
  tableHash?: (expressions: string[]) => string;
}

/** Result: one row, `prod_rows`, `prod_hash`, `pr_rows`, `pr_hash`. */
export function fingerprintSql(plan: FingerprintPlan): string {
  const side = (relation: string, columns: string[], prefix: string) =>
    `select count(*) as ${prefix}_rows, ${plan.tableHash ? plan.tableHash(columns) : `sum(${plan.hash(columns)})`} as ${prefix}_hash from ${relation}`;
  return `select * from (${side(plan.prodSql, plan.prodColumns, 'prod')}) prod_side cross join (${side(plan.prSql, plan.prColumns, 'pr')}) pr_side`;
}
