/**
 * A tiny dbt project in a temporary git repository, for the reliability suites (hostile pull
 * requests, missed promotions): two seeds, a few table models in two schemas, a snapshot and
 * tests, production a DuckDB file `prod.duckdb` beside the project. Plain JavaScript so that both
 * the vitest suites (src/) and the bench scripts (lib/) use it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const DIM_USERS = `select
    users.user_id,
    users.name,
    users.country,
    count(ratings.rating_id) as rating_count
from {{ ref('stg_users') }} as users
left join {{ ref('fct_ratings') }} as ratings on ratings.user_id = users.user_id
group by all
`;

export const BASE_FILES = {
  'dbt_project.yml': `name: tiny
version: '1.0'
config-version: 2
profile: tiny
model-paths: [models]
seed-paths: [seeds]
snapshot-paths: [snapshots]
macro-paths: [macros]
test-paths: [tests]
models:
  tiny:
    +materialized: table
`,
  '.gitignore': 'profiles.yml\ntarget/\n*.duckdb\n*.duckdb.wal\n',
  'seeds/users.csv': 'user_id,name,country\n1,Ada,FR\n2,Grace,US\n3,Linus,FI\n4,Margaret,US\n5,Alan,GB\n',
  'seeds/ratings.csv': 'rating_id,user_id,rating\n10,1,4.5\n11,1,3.0\n12,2,5.0\n13,3,2.5\n14,4,4.0\n15,5,1.5\n16,5,3.5\n',
  'models/stg_users.sql': "select user_id, name, country from {{ ref('users') }}\n",
  'models/fct_ratings.sql': "select rating_id, user_id, rating from {{ ref('ratings') }}\n",
  'models/dim_users.sql': DIM_USERS,
  'models/marts/rpt_countries.sql': "{{ config(schema='marts') }}\nselect country, count(*) as users from {{ ref('dim_users') }} group by all\n",
  'models/_models.yml': `version: 2
models:
  - name: dim_users
    columns:
      - name: user_id
        data_tests: [unique, not_null]
  - name: fct_ratings
    columns:
      - name: rating_id
        data_tests: [unique]
`,
  'snapshots/users_snapshot.sql': `{% snapshot users_snapshot %}
{{ config(unique_key='user_id', strategy='check', check_cols=['country']) }}
select user_id, name, country from {{ ref('stg_users') }}
{% endsnapshot %}
`,
};

/**
 * Creates the repository: the base files committed on `main`, `profiles.yml` (not committed)
 * naming production `prod.duckdb` beside the project (target `prod`, the default) and a scratch
 * `fresh.duckdb` (target `fresh`). Returns helpers.
 */
export function createTinyRepo(files = BASE_FILES) {
  const root = mkdtempSync(join(tmpdir(), 'dailies-tiny-'));
  const dir = join(root, 'project');
  const prodPath = join(root, 'prod.duckdb');
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=Test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  const write = (file, text) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) write(file, text);
  const freshPath = join(root, 'fresh.duckdb');
  write('profiles.yml', `tiny:\n  target: prod\n  outputs:\n    prod: {type: duckdb, path: '${prodPath}', schema: main, threads: 2}\n    fresh: {type: duckdb, path: '${freshPath}', schema: main, threads: 2}\n`);
  git('init', '--quiet', '--initial-branch=main');
  const repo = {
    root,
    dir,
    prodPath,
    freshPath,
    git,
    write,
    read: (file) => readFileSync(join(dir, file), 'utf8'),
    remove: (file) => rmSync(join(dir, file), { force: true }),
    head: () => git('rev-parse', 'HEAD'),
    commit(message) {
      git('add', '-A');
      git('commit', '--quiet', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
  repo.commit('base');
  return repo;
}

/**
 * Every relation of a DuckDB file, read through a read-only instance of its own: `table s.t` and
 * `view s.v` → `rows:md5 of the sorted rows`, `schema s` → `schema`. Two equal results mean the
 * same relations holding the same rows (views are compared by what they return, so two files'
 * views that name their own catalogs still compare equal).
 */
export async function databaseChecksums(path, options = {}) {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const rows = async (sql) => (await connection.runAndReadAll(sql)).getRowObjects();
    const skip = new Set((options.skipSchemas ?? []).map((schema) => schema.toLowerCase()));
    const sums = {};
    for (const { schema_name: schema } of await rows('select schema_name from duckdb_schemas() where database_name = current_database() order by 1')) {
      if (!skip.has(String(schema).toLowerCase())) sums[`schema ${schema}`] = 'schema';
    }
    const relations = await rows(
      `select 'table' as kind, schema_name, table_name as name from duckdb_tables() where database_name = current_database()
       union all
       select 'view', schema_name, view_name from duckdb_views() where database_name = current_database() and not internal
       order by 2, 3`,
    );
    for (const { kind, schema_name: schema, name } of relations) {
      if (skip.has(String(schema).toLowerCase())) continue;
      const quoted = `"${String(schema).replace(/"/g, '""')}"."${String(name).replace(/"/g, '""')}"`;
      const [row] = await rows(`select count(*)::varchar as n, md5(coalesce(string_agg(row_text, '\n' order by row_text), '')) as sum from (select cast(t as varchar) as row_text from ${quoted} as t)`);
      sums[`${kind} ${schema}.${name}`] = `${row.n}:${row.sum}`;
    }
    return sums;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The keys whose values differ between two `databaseChecksums` results, sorted. */
export function checksumDifferences(before, after) {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => before[key] !== after[key]).sort();
}
