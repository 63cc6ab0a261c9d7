/**
 * The two tables the data-diff benchmarks compare: `prod.events` and `pr.events`, `rows` rows
 * each, six columns (bigint key, integer, varchar, decimal(10,2), date, boolean). The PR table
 * differs in 1% of rows, spread evenly over the keys: 0.25% removed, 0.25% added (new keys),
 * 0.5% with a changed `amount`.
 */
export const DIFF_COLUMNS = ['id', 'user_id', 'title', 'amount', 'watched_on', 'completed'];

/** The counts a correct diff reports for `rows` rows per table. */
export function expectedDiff(rows) {
  let removed = 0;
  let changed = 0;
  for (let i = 0; i < rows; i++) {
    if (i % 400 === 1) removed++;
    else if (i % 200 === 3) changed++;
  }
  return { added: removed, removed, changed, unchanged: rows - removed - changed };
}

/** Creates both tables through `execute` (one SQL statement per call). */
export async function createDiffTables(execute, rows) {
  await execute('create schema if not exists prod');
  await execute('create schema if not exists pr');
  await execute(`create table prod.events as select
      i::bigint as id, (i % 100000)::integer as user_id, 'title_' || (i % 5000) as title,
      ((i * 37) % 10000 / 100.0)::decimal(10,2) as amount, date '2020-01-01' + (i % 2000)::integer as watched_on,
      i % 3 = 0 as completed
    from range(${rows}) t(i)`);
  await execute(`create table pr.events as
    select id, user_id, title, case when id % 200 = 3 then amount + 1 else amount end as amount, watched_on, completed
      from prod.events where id % 400 <> 1
    union all
    select id + ${rows}, user_id, title, amount, watched_on, completed from prod.events where id % 400 = 1`);
}

/** The baseline every diff is measured against: one scan of both tables reading every column. */
export function scanBothSql() {
  const columns = DIFF_COLUMNS.join(', ');
  return `select
    (select count(*) from prod.events) as prod_rows, (select sum(hash(${columns})) from prod.events) as prod_hash,
    (select count(*) from pr.events) as pr_rows, (select sum(hash(${columns})) from pr.events) as pr_hash`;
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
