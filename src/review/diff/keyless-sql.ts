/**
 * The SQL of a diff without a primary key: rows are compared as wholes by a hash of the columns
 * both sides share, counted with multiplicity (a row twice in production and once in the PR
 * counts once as only-in-production). One query, ANSI apart from the adapter's hash expression.
 */
import type { ComparedColumn } from './schema-compare.js';

export interface KeylessDiffPlan {
  prodSql: string;
  prSql: string;
  quote: (name: string) => string;
  compared: (ComparedColumn & { prName: string })[];
  hashExpression: (expressions: string[]) => string;
}

function hashOf(plan: KeylessDiffPlan, side: 'prod' | 'pr'): string {
  const expressions = plan.compared.map((column) => {
    const name = plan.quote(side === 'prod' ? column.name : column.prName);
    return column.asText ? `cast(${name} as varchar)` : name;
  });
  return plan.hashExpression(expressions);
}

/** Result columns: `prod_rows`, `pr_rows`, `only_in_prod`, `only_in_pr`. */
export function keylessCountsSql(plan: KeylessDiffPlan): string {
  return [
    'with',
    `p as (select h, count(*) as n from (select ${hashOf(plan, 'prod')} as h from ${plan.prodSql}) hp group by h),`,
    `q as (select h, count(*) as n from (select ${hashOf(plan, 'pr')} as h from ${plan.prSql}) hq group by h)`,
    'select',
    '  coalesce(sum(coalesce(p.n, 0)), 0) as prod_rows,',
    '  coalesce(sum(coalesce(q.n, 0)), 0) as pr_rows,',
    '  coalesce(sum(case when coalesce(p.n, 0) > coalesce(q.n, 0) then coalesce(p.n, 0) - coalesce(q.n, 0) else 0 end), 0) as only_in_prod,',
    '  coalesce(sum(case when coalesce(q.n, 0) > coalesce(p.n, 0) then coalesce(q.n, 0) - coalesce(p.n, 0) else 0 end), 0) as only_in_pr',
    'from p full outer join q on p.h = q.h',
  ].join('\n');
}
