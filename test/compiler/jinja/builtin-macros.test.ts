import { describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { builtinMacrosDir } from '../../../src/compiler/jinja/builtin-macros-dir.js';
import { makeEnv, macroFile, target, tracker } from './helpers.js';

test('built-in macro files are found under src/compiler/builtin-macros from the package root', () => {
  const dir = builtinMacrosDir();
  expect(dir.replaceAll('\\', '/').endsWith('/src/compiler/builtin-macros')).toBe(true);
  expect(existsSync(join(dir, 'naming.sql'))).toBe(true);
});

const duckdb = makeEnv();
const snowflake = makeEnv([], { adapterType: 'snowflake' });
const render = (source: string, env = duckdb, globals: Record<string, unknown> = {}) => env.render(source, { target, ...globals }, { file: 'models/m.sql' });

describe('naming macros', () => {
  test('generate_schema_name: none → target.schema, else target.schema_custom', () => {
    expect(duckdb.callMacro('generate_schema_name', [null], {}, { target })).toBe('analytics');
    expect(duckdb.callMacro('generate_schema_name', [' marts '], {}, { target })).toBe('analytics_marts');
  });

  test('a root macro overrides the built-in generate_schema_name', () => {
    const env = makeEnv([macroFile('root', 'macros/schema.sql', `{% macro generate_schema_name(custom_schema_name, node) %}{{ custom_schema_name or target.schema }}{% endmacro %}`)]);
    const t = tracker();
    expect(env.callMacro('generate_schema_name', ['marts'], {}, { target }, t)).toBe('marts');
    expect([...t.macrosCalled]).toEqual(['macro.root.generate_schema_name']);
    expect(env.findMacro('generate_schema_name')?.packageName).toBe('root');
    expect(env.findMacro('generate_schema_name', 'dbt')?.packageName).toBe('dbt');
  });

  test('generate_alias_name and generate_database_name', () => {
    expect(duckdb.callMacro('generate_alias_name', [null, { name: 'orders' }], {}, { target })).toBe('orders');
    expect(duckdb.callMacro('generate_alias_name', [null, { name: 'orders', version: 2 }], {}, { target })).toBe('orders_v2');
    expect(duckdb.callMacro('generate_alias_name', ['custom'], {}, { target })).toBe('custom');
    expect(duckdb.callMacro('generate_database_name', [null], {}, { target })).toBe('warehouse');
    expect(duckdb.callMacro('generate_database_name', ['other'], {}, { target })).toBe('other');
  });
});

describe('type and cross-database macros differ by warehouse', () => {
  test.each([
    ['{{ dbt.type_string() }}', 'TEXT', 'TEXT'],
    ['{{ type_int() }} {{ type_bigint() }} {{ type_float() }}', 'integer bigint float', 'integer bigint float'],
    ['{{ type_numeric() }} {{ type_timestamp() }} {{ type_boolean() }}', 'numeric(28,6) timestamp boolean', 'numeric(28,6) timestamp boolean'],
    ["{{ dbt.dateadd('day', 7, 'd') }}", '(d + cast(7 as bigint) * interval 1 day)', 'dateadd(day, 7, d)'],
    ["{{ dbt.datediff('a', 'b', 'day') }}", "(date_diff('day', a::timestamp, b::timestamp))", 'datediff(day, a, b)'],
    ["{{ dbt.date_trunc('month', 'd') }}", "date_trunc('month', d)", "date_trunc('month', d)"],
    ["{{ dbt.safe_cast('x', 'int') }}", 'cast(x as int)', 'try_cast(x as int)'],
    ["{{ dbt.cast('x', 'int') }}", 'cast(x as int)', 'cast(x as int)'],
    ['{{ dbt.current_timestamp() }}', 'now()', "convert_timezone('UTC', current_timestamp())"],
    ["{{ dbt.hash('c') }}", 'md5(cast(c as TEXT))', 'md5(cast(c as TEXT))'],
    ["{{ dbt.concat(['a', 'b']) }}", 'a || b', 'a || b'],
    ["{{ dbt.split_part('s', \"','\", 2) }}", "string_split(s, ',')[ 2 ]", "split_part(s, ',', 2)"],
    ["{{ dbt.listagg('x', \"', '\", 'order by x') }}", "string_agg(x, ', ' order by x)", "listagg(x, ', ') within group (order by x)"],
    ["{{ dbt.any_value('x') }} {{ dbt.bool_or('b') }}", 'arbitrary(x) bool_or(b)', 'any_value(x) boolor_agg(b)'],
    ["{{ dbt.last_day('d', 'month') }}", "cast(((date_trunc('month', d) + cast(1 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day) as date)", 'cast(last_day(d, month) as date)'],
    ["{{ dbt.replace('f', \"'a'\", \"'b'\") }} {{ dbt.length('f') }} {{ dbt.right('f', 2) }}", "replace(f, 'a', 'b') length(f) right(f, 2)", "replace(f, 'a', 'b') length(f) case when 2 = 0 then '' else right(f, 2) end"],
    ["{{ dbt.position(\"'a'\", 'f') }}", "position('a' in f)", "position('a' in f)"],
    ["{{ dbt.escape_single_quotes(\"it's\") }} {{ dbt.string_literal('x') }}", "it''s 'x'", "it\\'s 'x'"],
    ["{{ dbt.cast_bool_to_text('b') }}", 'cast(b as TEXT)', 'cast(b as TEXT)'],
    ["{{ dbt.array_construct(['1', '2']) }}", 'array[ 1 , 2 ]', 'array_construct( 1 , 2 )'],
    ['{{ dbt.except() }} {{ dbt.intersect() }}', 'except intersect', 'except intersect'],
  ])('%s', (source, onDuckdb, onSnowflake) => {
    expect(render(source)).toBe(onDuckdb);
    expect(render(source, snowflake)).toBe(onSnowflake);
  });
});

describe('generic tests select the failing rows', () => {
  const squash = (sql: unknown) => String(sql).replace(/\s+/g, ' ').trim();

  test('findTest resolves generic tests by name and namespace', () => {
    expect(duckdb.findTest('not_null')?.uniqueId).toBe('macro.dbt.test_not_null');
    expect(duckdb.findTest('dbt.unique')?.uniqueId).toBe('macro.dbt.test_unique');
    expect(duckdb.findTest('not_null')?.isTest).toBe(true);
    expect(duckdb.findTest('not_null')?.argNames).toEqual(['model', 'column_name']);
    expect(duckdb.findTest('nonexistent')).toBeUndefined();
  });

  test('not_null (every column when its failures are stored, as dbt)', () => {
    const config = (store: boolean | null) => ({ config: { get: (key: string) => (key === 'store_failures' ? store : null) }, flags: { STORE_FAILURES: false } });
    expect(squash(duckdb.callMacro('test_not_null', ['"m"', 'id'], {}, config(null)))).toBe('select id from "m" where id is null');
    expect(squash(duckdb.callMacro('test_not_null', ['"m"', 'id'], {}, config(true)))).toBe('select * from "m" where id is null');
  });

  test('unique', () => {
    expect(squash(duckdb.callMacro('test_unique', [], { model: '"m"', column_name: 'id' }, {}))).toBe('select id as unique_field, count(*) as n_records from "m" where id is not null group by id having count(*) > 1');
  });

  test('accepted_values quotes values unless quote=False (a quote inside a value is doubled: dbt-core 1.11 leaves it, which breaks the SQL)', () => {
    expect(squash(duckdb.callMacro('test_accepted_values', ['"m"', 'status', ['a', "o'k"]], {}, {}))).toBe(
      `with all_values as ( select status as value_field, count(*) as n_records from "m" group by status ) select * from all_values where value_field not in ( 'a','o''k' )`,
    );
    expect(squash(duckdb.callMacro('test_accepted_values', ['"m"', 'n', [1, 2]], { quote: false }, {}))).toContain('not in ( 1,2 )');
  });

  test('relationships', () => {
    expect(squash(duckdb.callMacro('test_relationships', ['"child"', 'parent_id'], { to: '"parent"', field: 'id' }, {}))).toBe(
      'with child as ( select parent_id as from_field from "child" where parent_id is not null ), parent as ( select id as to_field from "parent" ) select from_field from child left join parent on child.from_field = parent.to_field where parent.to_field is null',
    );
  });

  test('built-in macros are listed for the manifest, without a file', () => {
    const all = duckdb.macros();
    const notNull = all.find((m) => m.uniqueId === 'macro.dbt.test_not_null')!;
    expect(notNull.file).toBeNull();
    expect(notNull.packageName).toBe('dbt');
    expect(notNull.sql).toMatch(/^\{% test not_null\(model, column_name\) %\}[\s\S]*\{% endtest %\}$/);
    expect(all.some((m) => m.uniqueId === 'macro.dbt.default__generate_schema_name')).toBe(true);
  });
});
