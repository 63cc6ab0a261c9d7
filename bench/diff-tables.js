/**
 * The two tables the data-diff benchmarks compare: `prod.events` and `pr.events`, `rows` rows
 * each, six columns (bigint key, integer, varchar, decimal(10,2), date, boolean; more with
 * `columns`). The PR table differs in 1% of rows, spread evenly over the keys: 0.25% removed,
 * 0.25% added (new keys), 0.5% with a changed `amount` (which `amount + 1` widens to decimal(11,2)).
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

/**
 * Extra columns for a wider table (`--columns`): varchar, integer and decimal in turn, the same
 * on both sides.
 */
function extraColumns(count) {
  return Array.from({ length: count }, (_, k) => {
    if (k % 3 === 0) return `, 'v${k}_' || (i % ${97 + k}) as c${k}`;
    if (k % 3 === 1) return `, ((i * ${k + 3}) % 100000)::integer as c${k}`;
    return `, ((i * ${k + 7}) % 10000 / 100.0)::decimal(12,2) as c${k}`;
  }).join('');
}

/** Creates both tables through `execute` (one SQL statement per call), `columns` wide (at least 6). */
export async function createDiffTables(execute, rows, columns = DIFF_COLUMNS.length) {
  await execute('create schema if not exists prod');
  await execute('create schema if not exists pr');
  await execute(`create table prod.events as select
      i::bigint as id, (i % 100000)::integer as user_id, 'title_' || (i % 5000) as title,
      ((i * 37) % 10000 / 100.0)::decimal(10,2) as amount, date '2020-01-01' + (i % 2000)::integer as watched_on,
      i % 3 = 0 as completed${extraColumns(Math.max(0, columns - DIFF_COLUMNS.length))}
    from range(${rows}) t(i)`);
  await execute(`create table pr.events as
    select * replace (case when id % 200 = 3 then amount + 1 else amount end as amount) from prod.events where id % 400 <> 1
    union all
    select * replace (id + ${rows} as id) from prod.events where id % 400 = 1`);
}

/** Every column of the tables (after `createDiffTables`), for the scan. */
export async function diffTableColumns(query) {
  const rows = await query("select column_name from duckdb_columns() where schema_name = 'prod' and table_name = 'events' order by column_index");
  return rows.map((row) => row.column_name);
}

/** The baseline every diff is measured against: one scan of both tables reading every column. */
export function scanBothSql(columnNames = DIFF_COLUMNS) {
  const columns = columnNames.join(', ');
  return `select
    (select count(*) from prod.events) as prod_rows, (select sum(hash(${columns})) from prod.events) as prod_hash,
    (select count(*) from pr.events) as pr_rows, (select sum(hash(${columns})) from pr.events) as pr_hash`;
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs `work` once: its wall and CPU seconds (this process, every DuckDB thread included) and its result. */
export async function timed(work) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6, result };
}
