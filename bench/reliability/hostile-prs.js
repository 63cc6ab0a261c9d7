/**
 * Hostile pull requests against the tiny project (tiny-project.js): each tries to write, drop,
 * or read-then-exfiltrate production (`prod.duckdb`, catalog `prod`, schemas `main`, `main_marts`,
 * `snapshots`, `dailies_state`) through hooks, on-run-start/-end, `run_query`, `statement`
 * blocks, macros, `generate_schema_name`/`generate_database_name`, model SQL, seeds, snapshots,
 * singular tests and DuckDB statements that would reopen production or reach the disk.
 *
 * `runHostileSuite` reviews each through the real `dailies ci` path and compares every production
 * relation before and after. Shared by test/review/hostile-prs.test.ts (src/) and
 * bench/reliability/hostile-prs.bench.js (lib/).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checksumDifferences, createTinyRepo, databaseChecksums, DIM_USERS } from './tiny-project.js';

const LEAK_DIR = join(tmpdir(), `dailies-hostile-leak-${process.pid}`);

/** dim_users with `prefix` in front (a config call, a `{% do %}`) and `suffix` after. */
const dim = (prefix, suffix = '') => ({ 'models/dim_users.sql': `${prefix}\n${DIM_USERS}${suffix}` });
/** dim_users with one config() call. */
const configured = (args) => dim(`{{ config(${args}) }}`);
const hook = (which, sql) => configured(`${which}=${JSON.stringify(sql)}`);
/** dim_users with a real change to its SQL, so that it is built. */
const TOUCHED = { 'models/dim_users.sql': DIM_USERS.replace('users.country,', 'upper(users.country) as country,') };
/** dbt_project.yml with extra top-level lines, and a touched model so something builds. */
const projectWith = (base, lines) => ({ 'dbt_project.yml': `${base}${lines}\n`, ...TOUCHED });
const CUSTOM_SCHEMA_VERBATIM = `{% macro generate_schema_name(custom_schema_name, node) %}{{ custom_schema_name if custom_schema_name else target.schema }}{% endmacro %}\n`;

/**
 * `files`: what the PR writes (path → text; a function gets `{ prodPath, projectYml }`).
 * `fails`: the node (by name) the review must report as failed, or `review` when the review
 * itself must refuse (status `error`). `absent`: paths that must not exist afterwards.
 */
export const HOSTILE_PRS = [
  { name: 'pre_hook deletes a production table', files: hook('pre_hook', 'delete from main.fct_ratings where true'), fails: 'dim_users' },
  { name: 'post_hook drops a production table', files: hook('post_hook', 'drop table main.fct_ratings'), fails: 'dim_users' },
  { name: 'pre_hook names production\'s catalog', files: hook('pre_hook', 'delete from prod.main.fct_ratings'), fails: 'dim_users' },
  { name: 'pre_hook updates production rows', files: hook('pre_hook', "update main.stg_users set name = 'pwned'"), fails: 'dim_users' },
  { name: 'post_hook inserts into production', files: hook('post_hook', 'insert into main.fct_ratings select * from main.fct_ratings'), fails: 'dim_users' },
  { name: 'pre_hook creates a table in production', files: hook('pre_hook', 'create table main.planted as select 1 as x'), fails: 'dim_users' },
  { name: 'post_hook renames a production table', files: hook('post_hook', 'alter table main.fct_ratings rename to fct_ratings_old'), fails: 'dim_users' },
  { name: 'post_hook replaces a production table with a view', files: hook('post_hook', 'create or replace view main.stg_users as select 1 as user_id'), fails: 'dim_users' },
  { name: 'post_hook drops another production schema', files: hook('post_hook', 'drop schema main_marts cascade'), fails: 'dim_users' },
  { name: "post_hook drops production's state record", files: hook('post_hook', 'drop schema if exists dailies_state cascade'), fails: 'dim_users' },
  { name: 'on-run-start deletes production rows', files: ({ projectYml }) => projectWith(projectYml, 'on-run-start: ["delete from main.dim_users"]'), fails: 'on-run-start' },
  { name: 'on-run-end drops a production table', files: ({ projectYml }) => projectWith(projectYml, 'on-run-end: ["drop table main.fct_ratings"]'), fails: 'on-run-end' },
  {
    name: 'on-run-end calls a macro that runs run_query',
    files: ({ projectYml }) => ({ ...projectWith(projectYml, 'on-run-end: ["{{ wipe() }}"]'), 'macros/wipe.sql': "{% macro wipe() %}{% do run_query('delete from main.fct_ratings') %}{% endmacro %}\n" }),
    fails: 'on-run-end',
  },
  { name: 'run_query drops a production table from a model', files: dim("{% do run_query('drop table if exists main.dim_users') %}"), fails: 'dim_users' },
  { name: 'run_query under `if execute` truncates production', files: dim("{% if execute %}{% do run_query('truncate main.fct_ratings') %}{% endif %}"), fails: 'dim_users' },
  { name: 'a statement block deletes production rows', files: dim("{% call statement('wipe') %}delete from main.fct_ratings{% endcall %}"), fails: 'dim_users' },
  {
    name: 'a macro called from a model writes production',
    files: { ...dim('{{ evil() }}'), 'macros/evil.sql': "{% macro evil() %}{% do run_query('delete from main.stg_users') %}{% endmacro %}\n" },
    fails: 'dim_users',
  },
  {
    name: 'a macro called from a pre_hook writes production',
    files: { ...configured('pre_hook="{{ evil() }}"'), 'macros/evil.sql': "{% macro evil() %}delete from main.stg_users{% endmacro %}\n" },
    fails: 'dim_users',
  },
  {
    name: 'generate_schema_name points every model at production',
    files: { ...TOUCHED, 'macros/generate_schema_name.sql': '{% macro generate_schema_name(custom_schema_name, node) %}main{% endmacro %}\n' },
    fails: 'review',
  },
  {
    name: "generate_schema_name points a mart at production's marts schema",
    files: { ...TOUCHED, 'macros/generate_schema_name.sql': "{% macro generate_schema_name(custom_schema_name, node) %}{{ 'main_marts' if custom_schema_name else target.schema }}{% endmacro %}\n" },
    fails: 'review',
  },
  {
    name: "a model configured with production's schema (custom schema taken verbatim)",
    files: { ...configured("schema='main'"), 'macros/generate_schema_name.sql': CUSTOM_SCHEMA_VERBATIM },
    fails: 'review',
  },
  { name: "a model configured with production's database", files: configured("database='prod'"), fails: 'dim_users' },
  {
    name: 'generate_database_name points every model at production',
    files: { ...TOUCHED, 'macros/generate_database_name.sql': "{% macro generate_database_name(custom_database_name, node) %}prod{% endmacro %}\n" },
    fails: 'dim_users',
  },
  { name: 'model SQL smuggles a DROP after its select', files: { 'models/dim_users.sql': 'select 1 as user_id); drop table main.fct_ratings; select (1\n' }, fails: 'dim_users' },
  {
    name: 'a view model smuggles a DELETE after its select',
    files: { 'models/dim_users.sql': "{{ config(materialized='view') }}\nselect 1 as user_id); delete from main.fct_ratings; select (1\n" },
    fails: 'dim_users',
  },
  {
    name: "a seed configured with production's schema",
    files: {
      'seeds/_seeds.yml': 'version: 2\nseeds:\n  - name: ratings\n    config:\n      schema: main\n',
      'macros/generate_schema_name.sql': CUSTOM_SCHEMA_VERBATIM,
    },
    fails: 'review',
  },
  {
    name: "a snapshot configured with production's schema",
    files: {
      'snapshots/users_snapshot.sql': "{% snapshot users_snapshot %}\n{{ config(unique_key='user_id', strategy='check', check_cols=['country'], target_schema='main') }}\nselect user_id, name, country from {{ ref('stg_users') }}\n{% endsnapshot %}\n",
      'macros/generate_schema_name.sql': CUSTOM_SCHEMA_VERBATIM,
    },
    fails: 'review',
  },
  {
    name: "a snapshot configured with production's database",
    files: {
      'snapshots/users_snapshot.sql': "{% snapshot users_snapshot %}\n{{ config(unique_key='user_id', strategy='check', check_cols=['country'], database='prod') }}\nselect user_id, name, country from {{ ref('stg_users') }}\n{% endsnapshot %}\n",
    },
    // refused before the build: copying production's snapshot history into it fails
    fails: 'review',
  },
  // the PR's connection refuses the drop when dim_users is rendered, just before it runs: that node fails
  { name: 'adapter.drop_relation on a production table', files: dim("{% do adapter.drop_relation(api.Relation.create(database='prod', schema='main', identifier='fct_ratings')) %}"), fails: 'dim_users' },
  // dailies' adapter object has no execute: the head does not compile (review error)
  { name: 'adapter.execute of a DELETE', files: dim("{% do adapter.execute('delete from main.fct_ratings') %}"), fails: 'review' },
  {
    name: 'a singular test deletes production rows',
    files: { ...TOUCHED, 'tests/assert_wipe.sql': "{% do run_query('delete from main.fct_ratings') %}\nselect user_id from {{ ref('dim_users') }} where false\n" },
    fails: 'assert_wipe',
  },
  {
    name: 'reads production and copies it to a file',
    files: hook('post_hook', `copy (select * from main.stg_users) to '${join(LEAK_DIR, 'users.csv')}'`),
    fails: 'dim_users',
    absent: [join(LEAK_DIR, 'users.csv')],
  },
  {
    name: 'reads production into another attached database',
    files: hook('post_hook', `attach '${join(LEAK_DIR, 'leak.duckdb')}' as leak; create table leak.users as select * from main.stg_users`),
    fails: 'dim_users',
    absent: [join(LEAK_DIR, 'leak.duckdb')],
  },
  {
    name: "reads production into the PR database outside the PR schema",
    files: hook('post_hook', 'create table {{ target.database }}.main.leak as select * from main.stg_users'),
    fails: 'writes outside the PR schema',
  },
  {
    name: 'detaches production and attaches it again with write access',
    files: ({ prodPath }) => hook('pre_hook', `use {{ target.database }}; detach prod; attach '${prodPath}' as prod; delete from prod.main.fct_ratings`),
    fails: 'dim_users',
  },
  { name: 'turns file access back on', files: hook('pre_hook', 'set enable_external_access = true'), fails: 'dim_users' },
  {
    name: 'widens the allowed directories, then copies production out',
    files: hook('post_hook', `set allowed_directories = ['/']; copy (select * from main.stg_users) to '${join(LEAK_DIR, 'widened.csv')}'`),
    fails: 'dim_users',
    absent: [join(LEAK_DIR, 'widened.csv')],
  },
  { name: 'installs and loads an extension', files: hook('pre_hook', 'install httpfs; load httpfs'), fails: 'dim_users' },
  {
    name: 'exports the whole database to disk',
    files: hook('post_hook', `export database '${join(LEAK_DIR, 'export')}'`),
    fails: 'dim_users',
    absent: [join(LEAK_DIR, 'export')],
  },
  { name: 'copies the PR database over production', files: hook('post_hook', 'copy from database {{ target.database }} to prod'), fails: 'dim_users' },
  { name: 'a prepared statement runs a DROP', files: hook('pre_hook', 'prepare wipe as drop table main.fct_ratings; execute wipe'), fails: 'dim_users' },
];

/**
 * Builds production with `dailies promote`, then reviews every hostile PR with `dailies ci`.
 * `main` is the CLI entry (src/cli/main.ts or lib/cli/main.js). Returns one outcome per PR and the
 * totals; `onOutcome` sees each as it finishes.
 */
export async function runHostileSuite(main, options = {}) {
  const repo = createTinyRepo();
  const out = mkdtempSync(join(tmpdir(), 'dailies-hostile-out-'));
  const io = (sink) => ({ stdout: (text) => sink.push(text), stderr: (text) => sink.push(text), env: {}, cwd: repo.dir });
  try {
    const promoteLog = [];
    const promoted = await main(['promote', '--project-dir', repo.dir], io(promoteLog));
    if (promoted !== 0) throw new Error(`building production failed:\n${promoteLog.join('')}`);
    const projectYml = repo.read('dbt_project.yml');
    const outcomes = [];
    const variants = options.variants ?? (options.only ? HOSTILE_PRS.filter((variant) => options.only.includes(variant.name)) : HOSTILE_PRS);
    for (const [index, variant] of variants.entries()) {
      const number = index + 1;
      const before = await databaseChecksums(repo.prodPath);
      repo.git('checkout', '--quiet', '-b', `hostile-${number}`, 'main');
      let outcome;
      try {
        const files = typeof variant.files === 'function' ? variant.files({ prodPath: repo.prodPath, projectYml }) : variant.files;
        for (const [file, text] of Object.entries(files)) repo.write(file, text);
        repo.commit(variant.name);
        const log = [];
        const report = join(out, `pr-${number}.md`);
        const code = await main(['ci', '--base', 'main', '--pr', String(number), '--out', report, '--project-dir', repo.dir], io(log));
        const review = existsSync(report.replace(/\.md$/, '.json')) ? JSON.parse(readFileSync(report.replace(/\.md$/, '.json'), 'utf8')) : null;
        const after = await databaseChecksums(repo.prodPath);
        const changed = checksumDifferences(before, after);
        const failedNodes = (review?.builds ?? []).filter((build) => build.status === 'error' || build.status === 'fail').map((build) => build.name);
        const reported = variant.fails === 'review' ? review?.status === 'error' : review?.status === 'failure' && failedNodes.includes(variant.fails);
        const leaked = (variant.absent ?? []).filter((path) => existsSync(path));
        outcome = { name: variant.name, exitCode: code, status: review?.status ?? null, failedNodes, error: review?.error?.message ?? null, changed, reported, leaked, log: log.join('') };
      } finally {
        repo.git('checkout', '--quiet', '--force', 'main');
        repo.git('clean', '--quiet', '-fd');
      }
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    }
    const totals = {
      prs: outcomes.length,
      productionChanges: outcomes.reduce((sum, outcome) => sum + outcome.changed.length, 0),
      reportedAsFailure: outcomes.filter((outcome) => outcome.reported && outcome.exitCode !== 0).length,
      leakedFiles: outcomes.reduce((sum, outcome) => sum + outcome.leaked.length, 0),
    };
    return { outcomes, totals };
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(LEAK_DIR, { recursive: true, force: true });
    repo.dispose();
  }
}
