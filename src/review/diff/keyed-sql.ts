/**
 * The SQL of a diff by primary key, built from ANSI pieces around the adapter's quoting and hash.
 *
 * One query, in two steps, so that the big join carries as little as possible:
 * 1. `j`: a full outer join of production (every column) with the PR reduced to its key and a
 *    64-bit hash of the compared columns keeps the rows that differ: added, removed, or whose hash
 *    differs. The join's hash table holds about 16 bytes per PR row instead of the whole row. A
 *    retyped column is hashed as one type on both sides: as text when its kind changed, else cast
 *    to the adapter's common numeric type (decimal(10,2) and decimal(13,2) as decimal(13,2)); only
 *    a numeric retype without one is carried through the join and compared on its own (a wider
 *    hash-table entry and one more comparison on every row; see bench/RESULTS.md, "Keyed diff at
 *    the floor").
 * 2. `q`: the PR rows of the keys `j` kept (a semi-join: one more scan of the PR table, probing a
 *    small set), joined back to `j`; then every column is compared with `IS DISTINCT FROM`, so a
 *    row the hash kept counts as changed only when a value really differs.
 * A changed row whose 64-bit hash equals its old one (odds 2^-64 per row) would be missed.
 * Reducing production too (and reading its kept rows back the same way) measured slower: the
 * extra scan of production costs more than carrying its columns through the join.
 * The counts and per-column counts aggregate the differing rows; the same rows give a few
 * samples of each kind. Unchanged rows follow from the row counts: matched = prod − removed = PR − added.
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
  /** The adapter's fast row hash (`fastHashExpression`). */
  hash: (expressions: string[]) => string;
}

export interface SamplesLayout {
  /** Every column of each side, in order: the samples' before and after rows. */
  prodColumns: string[];
  prColumns: string[];
}

const PROD_PRESENT = '__dailies_prod_present';
const PR_PRESENT = '__dailies_pr_present';
const PROD_HASH = '__dailies_prod_hash';
const PR_HASH = '__dailies_pr_hash';
const KEPT_PR_HASH = '__dailies_q_hash';
export const SAMPLE_KIND_COLUMN = '__dailies_kind';

type Side = 'prod' | 'pr';

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
  const kind = quote(SAMPLE_KIND_COLUMN);
  const nameOf = (side: Side, column: { name: string; prName: string }) => (side === 'prod' ? column.name : column.prName);
  const keyOf = (side: Side, i: number) => {
    const key = plan.keys[i]!;
    return asText(quote(side === 'prod' ? key.prod : key.pr), key.asText);
  };
  const keyList = (prefix: string) => plan.keys.map((_, i) => quote(`${prefix}${i}`));
  // Every compared column goes into the row hash, as a value of one type on both sides (a retyped
  // column cast to text, or to the common numeric type), except a numeric retype without a common
  // type: that one is carried and compared on its own.
  const apart = (column: ComparedColumn) => column.retyped && !column.asText && column.commonType === null;
  const hashed = plan.compared.filter((column) => !apart(column));
  const hashedValue = (side: Side, column: ComparedColumn & { prName: string }) => {
    const name = quote(nameOf(side, column));
    return column.retyped && column.commonType !== null ? `cast(${name} as ${column.commonType})` : asText(name, column.asText);
  };
  const rowHash = (side: Side) => (hashed.length > 0 ? plan.hash(hashed.map((column) => hashedValue(side, column))) : '0');
  /** Compared columns named `<prefix><i>`, for those `include` picks, cast to text when their kinds differ. */
  const comparedAs = (side: Side, prefix: string, include: (column: ComparedColumn) => boolean) =>
    plan.compared.flatMap((column, i) => (include(column) ? [`${asText(quote(nameOf(side, column)), column.asText)} as ${quote(`${prefix}${i}`)}`] : []));
  const payload = (side: Side, prefix: string) => (side === 'prod' ? layout.prodColumns : layout.prColumns).map((name, i) => `${quote(name)} as ${quote(`${prefix}${i}`)}`);

  const prodRows = [
    `1 as ${quote(PROD_PRESENT)}`,
    ...plan.keys.map((_, i) => `${keyOf('prod', i)} as ${quote(`pk${i}`)}`),
    ...payload('prod', 'p'),
    ...comparedAs('prod', 'pc', (column) => column.asText || apart(column)),
    `${rowHash('prod')} as ${quote(PROD_HASH)}`,
  ];
  const narrowPr = [
    `1 as ${quote(PR_PRESENT)}`,
    ...plan.keys.map((_, i) => `${keyOf('pr', i)} as ${quote(`rk${i}`)}`),
    ...comparedAs('pr', 'rc', apart),
    `${rowHash('pr')} as ${quote(PR_HASH)}`,
  ];
  const keptPrRows = [
    ...plan.keys.map((_, i) => `${keyOf('pr', i)} as ${quote(`qk${i}`)}`),
    ...payload('pr', 'q'),
    ...comparedAs('pr', 'qc', (column) => column.asText),
    `${rowHash('pr')} as ${quote(KEPT_PR_HASH)}`,
  ];
  const keyJoin = plan.keys.map((_, i) => `p.${quote(`pk${i}`)} = r.${quote(`rk${i}`)}`).join(' and ');
  const stepOneKeeps = [
    `p.${quote(PROD_PRESENT)} is null`,
    `r.${quote(PR_PRESENT)} is null`,
    `p.${quote(PROD_HASH)} <> r.${quote(PR_HASH)}`,
    ...plan.compared.flatMap((column, i) => (apart(column) ? [`p.${quote(`pc${i}`)} is distinct from r.${quote(`rc${i}`)}`] : [])),
  ];
  const kept = plan.keys.map((_, i) => `j.${quote(`rk${i}`)} = ${keyOf('pr', i)}`).join(' and ');
  const backJoin = [...plan.keys.map((_, i) => `j.${quote(`rk${i}`)} = q.${quote(`qk${i}`)}`), `j.${quote(PR_HASH)} = q.${quote(KEPT_PR_HASH)}`].join(' and ');

  /** The column of side `side` that compared column i is read from (its text cast when retyped to another kind). */
  const operand = (side: Side, i: number): string => {
    const column = plan.compared[i]!;
    const [alias, text, value] = side === 'prod' ? ['j', 'pc', 'p'] : ['q', 'qc', 'q'];
    if (column.asText) return `${alias}.${quote(`${text}${i}`)}`;
    const wanted = nameOf(side, column).toLowerCase();
    const index = (side === 'prod' ? layout.prodColumns : layout.prColumns).findIndex((name) => name.toLowerCase() === wanted);
    return `${alias}.${quote(`${value}${index}`)}`;
  };
  const differs = plan.compared.map((_, i) => `${operand('prod', i)} is distinct from ${operand('pr', i)}`);
  const flags = differs.map((condition, i) => `case when ${condition} then 1 else 0 end as ${quote(`d${i}`)}`);
  const prodPresent = `j.${quote(PROD_PRESENT)}`;
  const prPresent = `j.${quote(PR_PRESENT)}`;
  const kindOf = `case when ${prodPresent} is null then 'added' when ${prPresent} is null then 'removed' else 'changed' end`;
  const sampleKeys = plan.keys.flatMap((_, i) => [`j.${quote(`pk${i}`)}`, `q.${quote(`qk${i}`)}`]);
  const values = [...layout.prodColumns.map((_, i) => `j.${quote(`p${i}`)}`), ...layout.prColumns.map((_, i) => `q.${quote(`q${i}`)}`)];
  const isKind = (name: string) => `case when ${kind} = '${name}' then 1 else 0 end`;
  const columnSums = plan.compared.map((_, i) => `coalesce(sum(case when ${kind} = 'changed' then ${quote(`d${i}`)} else 0 end), 0) as ${quote(`c${i}`)}`);
  const pick = (name: string, prefix: string) => `select * from (select * from d where ${kind} = '${name}' order by ${keyList(prefix).join(', ')} limit ${sampleSize}) s_${name}`;
  const samples = sampleSize > 0 ? `${pick('added', 'qk')}\n  union all ${pick('removed', 'pk')}\n  union all ${pick('changed', 'pk')}` : 'select * from d where 1 = 0';
  return [
    'with',
    `p as (select ${prodRows.join(', ')} from ${plan.prodSql}),`,
    `r as (select ${narrowPr.join(', ')} from ${plan.prSql}),`,
    `j as (select p.*, r.* from p full outer join r on ${keyJoin}`,
    `  where ${stepOneKeeps.join(' or ')}),`,
    `q as (select distinct ${keptPrRows.join(', ')} from ${plan.prSql}`,
    `  where exists (select 1 from j where ${kept})),`,
    `d as (select ${[`${kindOf} as ${kind}`, ...sampleKeys, ...values, ...flags].join(', ')}`,
    `  from j left join q on ${backJoin}`,
    `  where ${prodPresent} is null or ${prPresent} is null${differs.length > 0 ? ` or ${differs.join(' or ')}` : ''}),`,
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
