/**
 * The SQL of a diff by primary key, built from ANSI pieces around the adapter's quoting.
 *
 * One query does the work: a full outer join of both sides on the key keeps only the rows that
 * differ (added, removed, or with a column that `IS DISTINCT FROM` its counterpart); the counts
 * and per-column change counts aggregate those rows, and the same rows give a few samples of
 * each kind. The join runs once (a CTE the query reads twice is computed once, and it holds only
 * differing rows). Unchanged rows follow from the row counts: matched = prod − removed = PR − added.
 */
import type { ComparedColumn } from './schema-compare.js';

export interface KeyedDiffPlan {
  prodSql: string;
  prSql: string;
  quote: (name: string) => string;
  /** Key columns as spelled on each side, and whether they must be joined as text (retyped). */
  keys: { prod: string; pr: string; asText: boolean }[];
  /** Non-key columns on both sides, as spelled on each side. */
  compared: (ComparedColumn & { prName: string })[];
}

export interface SamplesLayout {
  /** Every column of each side, in order: the samples' before and after rows. */
  prodColumns: string[];
  prColumns: string[];
}

const PRESENT = '__dailies_present';
export const SAMPLE_KIND_COLUMN = '__dailies_kind';

function asText(expression: string, text: boolean): string {
  return text ? `cast(${expression} as varchar)` : expression;
}

/**
 * Result: at least one row. Every row carries the counts (`prod_rows`, `pr_rows`, `added`,
 * `removed`, `changed`, `c0`, `c1`, … = rows where compared column i differs); sample rows add
 * `__dailies_kind` (`added` / `removed` / `changed`, null on the counts-only row), `pk0..`/`qk0..`
 * (key on each side), `p0..` (production columns) and `q0..` (PR columns).
 */
export function keyedDiffSql(plan: KeyedDiffPlan, layout: SamplesLayout, sampleSize: number): string {
  const { quote } = plan;
  const present = quote(PRESENT);
  const kind = quote(SAMPLE_KIND_COLUMN);
  const side = (which: 'prod' | 'pr') => {
    const prefix = which === 'prod' ? 'p' : 'q';
    const keys = plan.keys.map((key, i) => `${asText(quote(which === 'prod' ? key.prod : key.pr), key.asText)} as ${quote(`k${i}`)}`);
    const values = (which === 'prod' ? layout.prodColumns : layout.prColumns).map((name, i) => `${quote(name)} as ${quote(`${prefix}${i}`)}`);
    // Retyped columns are compared as text: an extra cast column. Others are compared as they are.
    const compared = plan.compared.flatMap((column, i) => (column.asText ? [`${asText(quote(which === 'prod' ? column.name : column.prName), true)} as ${quote(`${prefix}c${i}`)}`] : []));
    return `select 1 as ${present}, ${[...keys, ...values, ...compared].join(', ')} from ${which === 'prod' ? plan.prodSql : plan.prSql}`;
  };
  /** The column of side `prefix` that compared column i is read from (the payload itself unless it is cast). */
  const operand = (prefix: 'p' | 'q', i: number): string => {
    const column = plan.compared[i];
    if (column.asText) return `${prefix}.${quote(`${prefix}c${i}`)}`;
    const names = prefix === 'p' ? layout.prodColumns : layout.prColumns;
    const wanted = (prefix === 'p' ? column.name : column.prName).toLowerCase();
    return `${prefix}.${quote(`${prefix}${names.findIndex((name) => name.toLowerCase() === wanted)}`)}`;
  };
  const differs = plan.compared.map((_, i) => `${operand('p', i)} is distinct from ${operand('q', i)}`);
  const flags = differs.map((condition, i) => `case when ${condition} then 1 else 0 end as ${quote(`d${i}`)}`);
  const keyColumns = plan.keys.flatMap((_, i) => [`p.${quote(`k${i}`)} as ${quote(`pk${i}`)}`, `q.${quote(`k${i}`)} as ${quote(`qk${i}`)}`]);
  const values = [...layout.prodColumns.map((_, i) => `p.${quote(`p${i}`)}`), ...layout.prColumns.map((_, i) => `q.${quote(`q${i}`)}`)];
  const join = plan.keys.map((_, i) => `p.${quote(`k${i}`)} = q.${quote(`k${i}`)}`).join(' and ');
  const kindOf = `case when p.${present} is null then 'added' when q.${present} is null then 'removed' else 'changed' end`;
  const isKind = (name: string) => `case when ${kind} = '${name}' then 1 else 0 end`;
  const columnSums = plan.compared.map((_, i) => `coalesce(sum(case when ${kind} = 'changed' then ${quote(`d${i}`)} else 0 end), 0) as ${quote(`c${i}`)}`);
  const orderBy = (prefix: string) => plan.keys.map((_, i) => quote(`${prefix}${i}`)).join(', ');
  const pick = (name: string, prefix: string) => `select * from (select * from d where ${kind} = '${name}' order by ${orderBy(prefix)} limit ${sampleSize}) s_${name}`;
  const samples = sampleSize > 0 ? `${pick('added', 'qk')}\n  union all ${pick('removed', 'pk')}\n  union all ${pick('changed', 'pk')}` : 'select * from d where 1 = 0';
  return [
    'with',
    `p as (${side('prod')}),`,
    `q as (${side('pr')}),`,
    `d as (select ${[`${kindOf} as ${kind}`, ...keyColumns, ...values, ...flags].join(', ')}`,
    `  from p full outer join q on ${join}`,
    `  where p.${present} is null or q.${present} is null${differs.length > 0 ? ` or ${differs.join(' or ')}` : ''}),`,
    'c as (select',
    `  (select count(*) from ${plan.prodSql}) as prod_rows,`,
    `  (select count(*) from ${plan.prSql}) as pr_rows,`,
    `  coalesce(sum(${isKind('added')}), 0) as added,`,
    `  coalesce(sum(${isKind('removed')}), 0) as removed,`,
    `  coalesce(sum(${isKind('changed')}), 0) as changed${columnSums.map((sum) => `,\n  ${sum}`).join('')}`,
    '  from d),',
    `s as (${samples})`,
    'select c.*, s.* from c left join s on 1 = 1',
  ].join('\n');
}

/**
 * Rows whose key appears more than once on each side (`dup_prod`, `dup_pr`). Only run when the
 * counts show a duplicated key (matched rows differ by side): it costs a hash aggregation of each side.
 */
export function duplicateKeysSql(plan: KeyedDiffPlan): string {
  const side = (which: 'prod' | 'pr') => {
    const keys = plan.keys.map((key) => plan.quote(which === 'prod' ? key.prod : key.pr)).join(', ');
    const relation = which === 'prod' ? plan.prodSql : plan.prSql;
    return `(select coalesce(sum(n), 0) from (select count(*) as n from ${relation} group by ${keys} having count(*) > 1) dup_${which})`;
  };
  return `select ${side('prod')} as dup_prod, ${side('pr')} as dup_pr`;
}
