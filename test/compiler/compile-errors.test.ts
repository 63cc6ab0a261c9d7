import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { DailiesError } from '../../src/errors.js';
import { removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

/** Writes a tiny project, compiles it, and returns the DailiesError it fails with. */
async function compileError(files: Record<string, string>): Promise<DailiesError> {
  const project = await tempProject(files);
  try {
    await compileProject(project);
  } catch (error) {
    if (error instanceof DailiesError) return error;
    throw error;
  }
  throw new Error('expected the compile to fail');
}

describe('compile errors name the file and line', () => {
  it('an unknown ref names the line of the ref( call and suggests the closest name', async () => {
    const error = await compileError({
      'models/orders.sql': 'select 1 as id',
      'models/revenue.sql': '-- revenue\nselect *\nfrom {{ ref("ordrs") }}',
    });
    expect(error.kind).toBe('ref');
    expect(error.place).toEqual({ file: 'models/revenue.sql', line: 3 });
    expect(error.message).toContain("'ordrs'");
    expect(error.hint).toContain("ref('orders')");
  });

  it('a ref to a disabled model says it is disabled', async () => {
    const error = await compileError({
      'models/orders.sql': "{{ config(enabled=false) }}\nselect 1 as id",
      'models/revenue.sql': "select * from {{ ref('orders') }}",
    });
    expect(error.kind).toBe('ref');
    expect(error.message).toContain('disabled');
    expect(error.place?.file).toBe('models/revenue.sql');
  });

  it('a cycle names each model and file on the path', async () => {
    const error = await compileError({
      'models/a.sql': "select * from {{ ref('b') }}",
      'models/b.sql': "select 1 as id\nunion all\nselect * from {{ ref('a') }}",
    });
    expect(error.kind).toBe('cycle');
    expect(error.place).toEqual({ file: 'models/b.sql', line: 3 });
    expect(error.message).toMatch(/(a \(models\/a\.sql\) → b \(models\/b\.sql\) → a \(models\/a\.sql\))|(b \(models\/b\.sql\) → a \(models\/a\.sql\) → b \(models\/b\.sql\))/);
  });

  it('a missing var names its line and says how to set it', async () => {
    const error = await compileError({ 'models/a.sql': "select 1 as id\nwhere x = {{ var('region') }}" });
    expect(error.kind).toBe('compile');
    expect(error.place).toEqual({ file: 'models/a.sql', line: 2 });
    expect(error.hint).toContain('--vars');
  });

  it('a missing env var without default is an error', async () => {
    const error = await compileError({ 'models/a.sql': "select '{{ env_var('DAILIES_SURELY_UNSET_VAR') }}' as x" });
    expect(error.kind).toBe('compile');
    expect(error.message).toContain('DAILIES_SURELY_UNSET_VAR');
    expect(error.place?.file).toBe('models/a.sql');
  });

  it('an error inside a macro names the macro file and line', async () => {
    const error = await compileError({
      'macros/broken.sql': '{% macro broken() %}\n  {{ exceptions.raise_compiler_error("the macro broke") }}\n{% endmacro %}',
      'models/a.sql': 'select {{ broken() }}',
    });
    expect(error.kind).toBe('compile');
    expect(error.message).toContain('the macro broke');
    expect(error.place).toEqual({ file: 'macros/broken.sql', line: 2 });
  });

  it('a snapshot without its required config names its file', async () => {
    const error = await compileError({
      'snapshots/snap.sql': "{% snapshot snap %}\n{{ config(strategy='timestamp') }}\nselect 1 as id\n{% endsnapshot %}",
    });
    expect(error.kind).toBe('config');
    expect(error.place?.file).toBe('snapshots/snap.sql');
    expect(error.message).toContain('unique_key');
    expect(error.message).toContain('updated_at');
  });

  it('two models with the same name name both files', async () => {
    const error = await compileError({ 'models/a/orders.sql': 'select 1', 'models/b/orders.sql': 'select 2' });
    expect(error.message).toContain('models/a/orders.sql');
    expect(error.message).toContain('models/b/orders.sql');
  });

  it('an unknown source and an unknown doc are ref errors', async () => {
    const source = await compileError({ 'models/a.sql': "select * from {{ source('raw', 'nope') }}" });
    expect(source.kind).toBe('ref');
    expect(source.place).toEqual({ file: 'models/a.sql', line: 1 });
    const doc = await compileError({ 'models/a.sql': 'select 1 as id', 'models/a.yml': "models:\n  - name: a\n    description: \"{{ doc('missing_doc') }}\"\n" });
    expect(doc.kind).toBe('ref');
    expect(doc.place?.file).toBe('models/a.yml');
  });

  it('an unknown generic test names the YAML line', async () => {
    const error = await compileError({
      'models/a.sql': 'select 1 as id',
      'models/a.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        data_tests:\n          - not_a_real_test\n',
    });
    expect(error.kind).toBe('compile');
    expect(error.message).toContain("'not_a_real_test'");
    expect(error.place?.file).toBe('models/a.yml');
    expect(error.place?.line).toBe(6);
  });
});

describe('errors in YAML', () => {
  it('a relationships test to an unknown model names the test line', async () => {
    const error = await compileError({
      'models/a.sql': 'select 1 as id',
      'models/a.yml': "models:\n  - name: a\n    columns:\n      - name: id\n        data_tests:\n          - relationships:\n              to: ref('customrs')\n              field: id\n",
    });
    expect(error.kind).toBe('ref');
    expect(error.message).toContain("'customrs'");
    expect(error.place).toEqual({ file: 'models/a.yml', line: 6 });
  });

  it('an unknown doc in a column description names the column line', async () => {
    const error = await compileError({
      'models/a.sql': 'select 1 as id',
      'models/a.yml': "models:\n  - name: a\n    columns:\n      - name: id\n        description: \"{{ doc('nope') }}\"\n",
    });
    expect(error.kind).toBe('ref');
    expect(error.place?.file).toBe('models/a.yml');
    expect(error.place?.line).toBe(4);
  });
});

describe('errors raised by context functions inside macros', () => {
  it('a missing var used in a macro names the macro line', async () => {
    const error = await compileError({
      'macros/region.sql': "{% macro region() %}\n  {{ var('region') }}\n{% endmacro %}",
      'models/a.sql': 'select 1 as region,\n{{ region() }} as r',
    });
    expect(error.message).toContain("'region'");
    expect(error.place).toEqual({ file: 'macros/region.sql', line: 2 });
  });
});

describe('a compile without a warehouse (parse, ls, the PR check’s production names)', () => {
  // shaped like dbt_utils.get_column_values: nothing asked while parsing (execute is false)
  const introspecting = `{% macro statuses(relation) %}
  {% if not execute %}{{ return([]) }}{% endif %}
  {% set found = adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) %}
  {% if found is none %}{{ exceptions.raise_compiler_error('relation ' ~ relation ~ ' does not exist') }}{% endif %}
  {{ return(['a']) }}
{% endmacro %}`;

  it('leaves a node whose macros ask the warehouse uncompiled instead of failing the project (as dbt parse does)', async () => {
    const project = await tempProject({
      'macros/statuses.sql': introspecting,
      'models/orders.sql': "select 'a' as status",
      'models/pivoted.sql': "select {% for s in statuses(ref('orders')) %}'{{ s }}' as s{% endfor %} from {{ ref('orders') }}",
    });
    const compiler = await compileProject(project);
    expect(compiler.manifest.nodes['model.shop.pivoted']?.compiled_code).toBeUndefined();
    expect(compiler.manifest.nodes['model.shop.orders']?.compiled_code).toBe("select 'a' as status");
    expect(compiler.compileErrors.size).toBe(0);
  });

  it('still fails on a node whose error has nothing to do with the warehouse', async () => {
    const error = await compileError({
      'models/orders.sql': "select 1 as id\n{{ exceptions.raise_compiler_error('broken on purpose') }}",
    });
    expect(error.message).toContain('broken on purpose');
    expect(error.place?.file).toBe('models/orders.sql');
  });
});
