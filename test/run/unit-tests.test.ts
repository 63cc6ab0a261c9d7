/**
 * dbt unit tests (`unit_tests:` with `given`/`expect` rows): parsed into the manifest in dbt's
 * shape and run by `build` (before the model: a failing one skips it) and `test`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const MODELS = {
  'models/stg_movies.sql': "select 1 as movie_id, 'Alien' as title, 399 as price_cents",
  'models/prices.sql': "{{ config(materialized='ephemeral') }}\nselect movie_id, price_cents / 100.0 as price from {{ ref('stg_movies') }}",
  'models/dim_movies.sql': "select m.movie_id, m.title, p.price, r.stars\nfrom {{ ref('stg_movies') }} as m\njoin {{ ref('prices') }} as p using (movie_id)\nleft join {{ source('raw', 'ratings') }} as r using (movie_id)",
  'models/after.sql': "select * from {{ ref('dim_movies') }}",
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: ratings\n',
};

function unitYaml(expectedTitle: string): string {
  return `version: 2
unit_tests:
  - name: joins_prices_and_ratings
    description: one movie, its price and its rating
    model: dim_movies
    given:
      - input: ref('stg_movies')
        rows:
          - {movie_id: 1, title: Alien}
          - {movie_id: 2, title: Heat}
      - input: ref('prices')
        format: csv
        rows: |
          movie_id,price
          1,2.5
          2,4.0
      - input: source('raw', 'ratings')
        format: sql
        rows: select 1 as movie_id, 5 as stars
    expect:
      rows:
        - {movie_id: 1, title: ${expectedTitle}, price: 2.5, stars: 5}
        - {movie_id: 2, title: Heat, price: 4.0, stars: null}
`;
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dailies-unit-'));
  dirs.push(dir);
  const all: Record<string, string> = {
    'dbt_project.yml': 'name: ut\nprofile: ut\n',
    'profiles.yml': 'ut:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ut.duckdb\n      schema: main\n      threads: 1\n',
    ...MODELS,
    ...files,
  };
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

async function dailies(dir: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv, '--project-dir', dir], { cwd: dir, env: { HOME: dir }, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), signal: new AbortController().signal });
  return { code, stdout, stderr };
}

describe('unit tests', () => {
  it("are parsed into the manifest's unit_tests in dbt's shape", async () => {
    const dir = project({ 'models/unit.yml': unitYaml('Alien') });
    expect((await dailies(dir, 'parse')).code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'target/manifest.json'), 'utf8'));
    const test = manifest.unit_tests['unit_test.ut.dim_movies.joins_prices_and_ratings'];
    expect(test).toMatchObject({
      model: 'dim_movies',
      resource_type: 'unit_test',
      original_file_path: 'models/unit.yml',
      fqn: ['ut', 'dim_movies', 'joins_prices_and_ratings'],
      depends_on: { macros: [], nodes: ['model.ut.dim_movies'] },
      config: { tags: [], meta: {}, enabled: true },
      description: 'one movie, its price and its rating',
    });
    expect(test.given[1]).toEqual({ input: "ref('prices')", rows: [{ movie_id: '1', price: '2.5' }, { movie_id: '2', price: '4.0' }], format: 'csv', fixture: null });
  });

  it('pass on a fresh warehouse (inputs from rows, CSV, SQL; an ephemeral input; relations that do not exist yet), before the model is built', async () => {
    const dir = project({ 'models/unit.yml': unitYaml('Alien') });
    const { stdout } = await dailies(dir, 'build', '-s', 'dim_movies');
    const passed = stdout.search(/PASS dim_movies::joins_prices_and_ratings/);
    expect(passed).toBeGreaterThan(-1);
    // the model itself then fails: its inputs were never built (the unit test did not need them)
    expect(stdout.search(/ERROR creating view main\.dim_movies/)).toBeGreaterThan(passed);
  });

  it('cast given rows to the types of inputs that exist', async () => {
    const dir = project({ 'models/unit.yml': unitYaml('Alien') });
    await dailies(dir, 'build', '-s', 'stg_movies');
    const { code, stdout } = await dailies(dir, 'test', '-s', 'dim_movies');
    expect(stdout).toMatch(/PASS dim_movies::joins_prices_and_ratings/);
    expect(code).toBe(0);
  });

  it('fail with the rows that differ, and build skips the model and its downstream', async () => {
    const dir = project({ 'models/unit.yml': unitYaml('Aliens') });
    const { code, stdout } = await dailies(dir, 'build', '-s', 'stg_movies', 'dim_movies', 'after');
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL 2 dim_movies::joins_prices_and_ratings/);
    expect(stdout).toContain('returned but not expected:');
    expect(stdout).toContain('(1, Alien, 2.5, 5)');
    expect(stdout).toContain('(1, Aliens, 2.5, 5)');
    expect(stdout).toMatch(/SKIP model main\.dim_movies \(unit test failed/);
    expect(stdout).toMatch(/SKIP model main\.after/);
    expect(stdout).toMatch(/OK created view main\.stg_movies/);
  });

  it('run with dailies test, and only for the selected models', async () => {
    const dir = project({ 'models/unit.yml': unitYaml('Alien') });
    expect((await dailies(dir, 'test', '-s', 'dim_movies')).stdout).toMatch(/PASS dim_movies::joins_prices_and_ratings/);
    expect((await dailies(dir, 'test', '-s', 'stg_movies')).stdout).not.toContain('joins_prices_and_ratings');
  });

  it('name an expected column the model does not return', async () => {
    const dir = project({ 'models/unit.yml': unitYaml('Alien').replace('stars: null}', 'stars: null, rating: 1}') });
    const { code, stdout } = await dailies(dir, 'test', '-s', 'dim_movies');
    expect(code).toBe(1);
    expect(stdout).toContain('the model returns no column rating');
    expect(stdout).toContain('models/unit.yml:3');
  });
});

/** A model reading a var, an env var, a root macro and a dbt macro, so that each override shows in what it returns. */
const OVERRIDDEN = {
  'macros/today.sql': "{% macro today_text() %}'2020-01-01'{% endmacro %}",
  'models/stamped.sql':
    "select movie_id, price_cents > {{ var('cutoff', 100) }} as dear, {{ today_text() }} as day, '{{ env_var('REGION', 'eu') }}' as region, {{ dbt.current_timestamp() }} is not null as stamped\nfrom {{ ref('stg_movies') }}",
  'tests/fixtures/movies.csv': 'movie_id,title,price_cents\n1,Alien,399\n2,Heat,50\n',
  'tests/fixtures/stamped_expected.sql': "select 1 as movie_id, false as dear, '2099-12-31' as day, 'us' as region, false as stamped\nunion all select 2, false, '2099-12-31', 'us', false",
};

function overriddenYaml(overrides: string, given = "format: csv\n        fixture: movies", expected = 'format: sql\n      fixture: stamped_expected'): string {
  return `unit_tests:
  - name: stamps_movies
    model: stamped
    overrides:
${overrides}
    given:
      - input: ref('stg_movies')
        ${given}
    expect:
      ${expected}
`;
}

/** The overrides block, every override but `leftOut`. */
function overridesYaml(leftOut?: string): string {
  const macros = Object.entries({ today_text: `"'2099-12-31'"`, 'dbt.current_timestamp': "'null'" }).filter(([name]) => name !== leftOut);
  const lines = [
    ['vars', '{cutoff: 500}'],
    ['env_vars', '{REGION: us}'],
    ['macros', `{${macros.map(([name, value]) => `${name}: ${value}`).join(', ')}}`],
  ].filter(([kind]) => kind !== leftOut);
  return lines.map(([kind, value]) => `      ${kind}: ${value}`).join('\n');
}

const ALL_OVERRIDES = overridesYaml();

describe('unit test fixture files and overrides', () => {
  it('read given and expected rows from tests/fixtures/, which holds no singular test, and apply vars, env_vars and macros overrides', async () => {
    const dir = project({ ...OVERRIDDEN, 'models/unit.yml': overriddenYaml(ALL_OVERRIDES) });
    const { code, stdout } = await dailies(dir, 'test', '-s', 'stamped');
    expect(stdout).toMatch(/PASS stamped::stamps_movies/);
    expect(stdout).toMatch(/PASS=1 WARN=0 ERROR=0/);
    expect(code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'target/manifest.json'), 'utf8'));
    const test = manifest.unit_tests['unit_test.ut.stamped.stamps_movies'];
    // as dbt: the fixture's rows in the manifest (CSV as text), the file's name kept
    expect(test.given[0]).toEqual({ input: "ref('stg_movies')", rows: [{ movie_id: '1', title: 'Alien', price_cents: '399' }, { movie_id: '2', title: 'Heat', price_cents: '50' }], format: 'csv', fixture: 'movies' });
    expect(test.expect.rows).toContain("'2099-12-31' as day");
    // dbt-core 1.11.16 wrote this checksum (what state:modified compares) for the same project
    expect(test.checksum).toBe('497962781bfcfb9c225f60c08901f8c48ebbc07102d026c71aa1b738bc6ad363');
    expect(Object.keys(manifest.nodes).filter((id) => id.startsWith('test.'))).toEqual([]);
  });

  it('fail when an override is left out (each one changes what the model returns)', async () => {
    for (const left of ['vars', 'env_vars', 'today_text', 'dbt.current_timestamp']) {
      const dir = project({ ...OVERRIDDEN, 'models/unit.yml': overriddenYaml(overridesYaml(left)) });
      const { code, stdout } = await dailies(dir, 'test', '-s', 'stamped');
      expect(stdout, left).toMatch(/FAIL \d+ stamped::stamps_movies/);
      expect(code, left).toBe(1);
    }
  });

  it('name the unit test file and line for a missing fixture, a dict fixture and an unknown override', async () => {
    const cases: [string, RegExp][] = [
      [overriddenYaml(ALL_OVERRIDES, 'format: csv\n        fixture: no_such_rows'), /File not found for fixture 'no_such_rows' in unit test "stamps_movies"/],
      [overriddenYaml(ALL_OVERRIDES, 'fixture: movies'), /names fixture "movies", whose rows do not match format dict/],
      [overriddenYaml(`${ALL_OVERRIDES}\n      seeds: {x: 1}`), /`overrides` of unit test "stamps_movies" may hold macros, vars and env_vars, not `seeds`/],
    ];
    for (const [yaml, message] of cases) {
      const dir = project({ ...OVERRIDDEN, 'models/unit.yml': yaml });
      const { code, stderr } = await dailies(dir, 'parse');
      expect(code).not.toBe(0);
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/models\/unit\.yml:\d+/);
    }
  });
});

describe('selecting unit tests', () => {
  it('by name, unit_test:, test_type:unit, resource_type:unit_test or with their model, as dbt ls prints them', async () => {
    const dir = project({ ...OVERRIDDEN, 'models/unit.yml': overriddenYaml(ALL_OVERRIDES) });
    const ls = async (...select: string[]): Promise<string[]> => (await dailies(dir, 'ls', ...select)).stdout.trim().split('\n').filter(Boolean);
    for (const selector of ['stamps_movies', 'unit_test:stamps_movies', 'unit_test:*', 'test_type:unit', 'resource_type:unit_test', 'ut.stamped.stamps_movies']) {
      expect(await ls('-s', selector), selector).toEqual(['unit_test:ut.stamps_movies']);
    }
    expect(await ls('-s', 'stamped')).toEqual(['ut.stamped', 'unit_test:ut.stamps_movies']);
    expect(await ls('-s', 'stamped', '--exclude', 'test_type:unit')).toEqual(['ut.stamped']);
    expect(await ls('-s', 'stg_movies')).toEqual(['ut.stg_movies']);
    expect(await ls('-s', 'test_type:data')).toEqual([]);
  });

  it('test and build run a unit test selected by its name alone, and not those of other models', async () => {
    const dir = project({ ...OVERRIDDEN, 'models/unit.yml': `${overriddenYaml(ALL_OVERRIDES)}${unitYaml('Alien').replace(/^version: 2\nunit_tests:\n/, '')}` });
    const byName = await dailies(dir, 'test', '-s', 'stamps_movies');
    expect(byName.stdout).toMatch(/PASS stamped::stamps_movies/);
    expect(byName.stdout).not.toContain('joins_prices_and_ratings');
    expect(byName.stdout).toMatch(/PASS=1 WARN=0 ERROR=0 SKIP=0 TOTAL=1/);
    const excluded = await dailies(dir, 'build', '-s', 'stg_movies', 'stamped', '--exclude', 'stamps_movies');
    expect(excluded.stdout).not.toContain('stamps_movies');
    expect(excluded.stdout).toMatch(/OK created view main\.stamped/);
  });
});

describe('unit tests and state', () => {
  it('state:modified selects a unit test whose given, expect or overrides changed, and a new one', async () => {
    const dir = project({ ...OVERRIDDEN, 'models/unit.yml': overriddenYaml(ALL_OVERRIDES) });
    expect((await dailies(dir, 'parse')).code).toBe(0);
    const state = path.join(dir, 'prod-state');
    mkdirSync(state);
    writeFileSync(path.join(state, 'manifest.json'), readFileSync(path.join(dir, 'target/manifest.json')));
    const modified = async (): Promise<string> => (await dailies(dir, 'ls', '-s', 'state:modified', '--state', state)).stdout.trim();
    expect(await modified()).toBe('');
    writeFileSync(path.join(dir, 'tests/fixtures/movies.csv'), 'movie_id,title,price_cents\n1,Alien,399\n2,Heat,51\n');
    expect(await modified()).toBe('unit_test:ut.stamps_movies');
    writeFileSync(path.join(dir, 'tests/fixtures/movies.csv'), OVERRIDDEN['tests/fixtures/movies.csv']);
    writeFileSync(path.join(dir, 'models/unit.yml'), `${overriddenYaml(ALL_OVERRIDES)}${unitYaml('Alien').replace(/^version: 2\nunit_tests:\n/, '')}`);
    expect(await modified()).toBe('unit_test:ut.joins_prices_and_ratings');
  });
});
