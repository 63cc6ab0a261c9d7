import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createJinjaEnvironment } from '../../../src/compiler/jinja/index.js';
import { fixturesDir, loadMacroDir, target, tracker } from './helpers.js';

const projectRoot = join(fixturesDir, 'two-packages');
const utilsRoot = join(projectRoot, 'dbt_packages', 'dbt_utils');

function makeProjectEnv(dispatch = [{ macroNamespace: 'dbt_utils', searchOrder: ['shop', 'dbt_utils'] }]) {
  return createJinjaEnvironment({
    adapterType: 'duckdb',
    rootPackage: 'shop',
    packageNames: ['shop', 'dbt_utils'],
    macroFiles: [...loadMacroDir(projectRoot, projectRoot, 'shop'), ...loadMacroDir(projectRoot, utilsRoot, 'dbt_utils')],
    dispatch,
    projectRoot,
  });
}

const globals = () => ({
  target: { ...target, schema: 'staging' },
  config: () => '',
  ref: (name: string) => `"warehouse"."staging"."${name}"`,
  model: { package_name: 'shop' },
});

describe('a project with a vendored dbt_utils-like package', () => {
  const env = makeProjectEnv();
  const model = readFileSync(join(projectRoot, 'models', 'orders.sql'), 'utf8');

  test('dispatch, return, do, set blocks, call/caller and namespaced calls render the expected SQL', () => {
    const expected = readFileSync(join(projectRoot, 'expected-orders.sql'), 'utf8');
    expect(env.render(model, globals(), { file: 'models/orders.sql' })).toBe(`\n${expected}`);
  });

  test('the tracker lists every macro called, through dispatch and namespaces', () => {
    const t = tracker();
    env.render(model, globals(), { file: 'models/orders.sql' }, t);
    expect([...t.macrosCalled].sort()).toEqual(
      [
        'macro.dbt.concat',
        'macro.dbt.default__concat',
        'macro.dbt.default__hash',
        'macro.dbt.default__type_string',
        'macro.dbt.hash',
        'macro.dbt.type_string',
        'macro.dbt_utils.default__generate_surrogate_key',
        'macro.dbt_utils.default__star',
        'macro.dbt_utils.generate_surrogate_key',
        'macro.dbt_utils.get_column_names',
        'macro.dbt_utils.star',
        'macro.shop.cents_to_dollars',
        'macro.shop.duckdb__generate_surrogate_key',
        'macro.shop.with_comment',
      ].sort(),
    );
  });

  test("without the dispatch config, the package's own implementation is used", () => {
    const plain = makeProjectEnv([]);
    const out = plain.render(`{{ dbt_utils.generate_surrogate_key(['id']) }}`, globals(), { file: 'models/x.sql' });
    expect(out).toBe(`md5(cast(coalesce(cast(id as TEXT), '_null_') as TEXT))`);
  });

  test("a package's macros are not callable by bare name from the root project", () => {
    expect(() => env.render(`{{ star('x') }}`, globals(), { file: 'models/x.sql' })).toThrow(/'star' is undefined/);
  });

  test('inside a package, its own macros are callable by bare name', () => {
    expect(env.callMacro('default__star', ['t', ['status', '_loaded_at'], 'o.'], {}, globals(), undefined, 'dbt_utils')).toBe('o.id, o.amount_cents');
  });

  test('macro infos carry file, line, sql, checksum and argument names', () => {
    const star = env.findMacro('star', 'dbt_utils')!;
    expect(star.uniqueId).toBe('macro.dbt_utils.star');
    expect(star.file?.relPath).toBe('macros/star.sql');
    expect(star.line).toBe(5);
    expect(star.argNames).toEqual(['from', 'except', 'prefix']);
    expect(star.sql.startsWith('{% macro star(from')).toBe(true);
    expect(star.sql.endsWith('{%- endmacro %}')).toBe(true);
    expect(star.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(star.isTest).toBe(false);
  });
});
