/**
 * Semantic models, metrics and saved queries in the manifest, compared field for field with what
 * dbt-core 1.11.16 (+ dbt-duckdb 1.11.1) wrote for the same project with `dbt parse`
 * (test/fixtures/semantic-layer/dbt-1.11-state/manifest.json: the dbt and dbt_duckdb macros left
 * out, the project path replaced; and dbt-1.11-semantic_manifest.json, its
 * target/semantic_manifest.json as written), and the
 * errors dbt gives for a broken semantic layer.
 *
 * On DuckDB both name the database after the profile's file (`"dev"."main"."orders"`), so
 * `node_relation` and an export's database are dbt's, unchanged.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { compileProject } from '../../src/compiler/index.js';
import { DailiesError } from '../../src/errors.js';
import { changedIds, compareManifests, writeManifest } from '../../src/graph/index.js';
import type { Manifest } from '../../src/graph/types.js';
import { loadProject } from '../../src/project/index.js';
import { removeTempProjects, tempProject } from './temp-project.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'semantic-layer');
const dbtState = join(fixtures, 'dbt-1.11-state');
/** The manifest dbt wrote, without `created_at` (a time, never equal). */
const dbtManifest = JSON.parse(readFileSync(join(dbtState, 'manifest.json'), 'utf8'), (key, value: unknown) => (key === 'created_at' ? undefined : value)) as Manifest;
const expected = {
  semantic_models: dbtManifest.semantic_models as Record<string, unknown>,
  metrics: dbtManifest.metrics as Record<string, unknown>,
  saved_queries: dbtManifest.saved_queries as Record<string, unknown>,
  disabled: dbtManifest.disabled,
};
const env = { HOME: join(tmpdir(), 'dailies-no-home') };
const copies: string[] = [];

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dailies-semantic-'));
  copies.push(dir);
  cpSync(join(fixtures, 'project'), dir, { recursive: true });
  return dir;
}

function edit(root: string, file: string, from: string | RegExp, to: string): void {
  const path = join(root, file);
  const before = readFileSync(path, 'utf8');
  const after = before.replace(from, to);
  if (after === before) throw new Error(`edit of ${file} changed nothing`);
  writeFileSync(path, after);
}

async function manifestOf(root: string): Promise<Manifest> {
  return (await compileProject(await loadProject({ projectDir: root, env }))).manifest;
}

async function compileError(root: string): Promise<DailiesError> {
  try {
    await manifestOf(root);
  } catch (error) {
    if (error instanceof DailiesError) return error;
    throw error;
  }
  throw new Error('expected the project not to compile');
}

/** JSON as written to manifest.json, without dailies' own fields. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, inner: unknown) => (key === 'dailies' ? undefined : inner))) as T;
}

let manifest: Manifest;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dailies-semantic-'));
  cpSync(join(fixtures, 'project'), root, { recursive: true });
  manifest = await manifestOf(root);
  return () => rmSync(root, { recursive: true, force: true });
});

describe('the semantic layer in the manifest, as dbt-core 1.11 writes it', () => {
  it('has dbt’s semantic models, field for field', () => {
    expect(plain(manifest.semantic_models)).toEqual(expected.semantic_models);
    expect(manifest.semantic_models['semantic_model.sl_fixture.orders']).toMatchObject({ node_relation: { database: 'dev', relation_name: '"dev"."main"."orders"' } });
  });

  it('has dbt’s metrics (every type, and the one a measure creates), with type_params and input_measures normalised as dbt does', () => {
    expect(plain(manifest.metrics)).toEqual(expected.metrics);
  });

  it('has dbt’s saved queries with their exports', () => {
    expect(plain(manifest.saved_queries)).toEqual(expected.saved_queries);
  });

  it('keeps a disabled metric under disabled', () => {
    expect(plain(manifest.disabled)).toEqual(expected.disabled);
  });

  it('puts them in parent_map and child_map, and an exposure’s metric() in its depends_on', () => {
    expect(manifest.parent_map).toEqual(dbtManifest.parent_map);
    expect(manifest.child_map).toEqual(dbtManifest.child_map);
    const exposure = manifest.exposures['exposure.sl_fixture.sales_dashboard'];
    const dbtExposure = dbtManifest.exposures['exposure.sl_fixture.sales_dashboard'];
    expect({ depends_on: exposure.depends_on, metrics: exposure.metrics }).toEqual({ depends_on: dbtExposure.depends_on, metrics: dbtExposure.metrics });
  });

  it('marks the time spine model as dbt does', () => {
    const spine = manifest.nodes['model.sl_fixture.metricflow_time_spine'];
    const dbtSpine = dbtManifest.nodes['model.sl_fixture.metricflow_time_spine'];
    expect({ time_spine: spine.time_spine, granularity: spine.columns.date_day.granularity }).toEqual({ time_spine: dbtSpine.time_spine, granularity: dbtSpine.columns.date_day.granularity });
  });
});

describe('target/semantic_manifest.json', () => {
  it('is what dbt-core 1.11.16 wrote (dbt-1.11-semantic_manifest.json)', async () => {
    const dbt = JSON.parse(readFileSync(join(fixtures, 'dbt-1.11-semantic_manifest.json'), 'utf8')) as {
      semantic_models: { name: string; node_relation: Record<string, unknown> }[];
      metrics: { name: string }[];
      saved_queries: { name: string }[];
      project_configuration: { time_spines: { node_relation: Record<string, unknown> }[] };
    };
    const target = mkdtempSync(join(tmpdir(), 'dailies-semantic-target-'));
    copies.push(target);
    writeManifest(manifest, target);
    const ours = JSON.parse(readFileSync(join(target, 'semantic_manifest.json'), 'utf8')) as typeof dbt;
    const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);
    for (const file of [dbt, ours]) {
      file.semantic_models.sort(byName);
      file.metrics.sort(byName);
      file.saved_queries.sort(byName);
    }
    expect(ours).toEqual(dbt);
  });

  it('is written for a project without a semantic layer too, with dbt’s content', async () => {
    const target = mkdtempSync(join(tmpdir(), 'dailies-semantic-target-'));
    copies.push(target);
    writeManifest({ ...manifest, semantic_models: {}, metrics: {}, saved_queries: {}, nodes: {} }, target);
    // target/semantic_manifest.json of dbt-core 1.11.16 after `dbt parse` (also compile, ls, run, build)
    // of a one-model project without semantic models, metrics, saved queries or time spines
    const dbt =
      '{"semantic_models": [], "metrics": [], "project_configuration": {"time_spine_table_configurations": [], "metadata": null, "dsi_package_version": {"major_version": "0", "minor_version": "9", "patch_version": "0"}, "time_spines": []}, "saved_queries": []}';
    expect(JSON.parse(readFileSync(join(target, 'semantic_manifest.json'), 'utf8'))).toEqual(JSON.parse(dbt));
  });
});

describe('semantic_manifest.json beside every manifest.json', () => {
  it('is written by parse (and again on a cache hit when it went missing) and by compile, for a project without a semantic layer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dailies-semantic-plain-'));
    copies.push(dir);
    writeFileSync(join(dir, 'dbt_project.yml'), 'name: plain\nprofile: plain\n');
    writeFileSync(join(dir, 'profiles.yml'), 'plain:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: plain.duckdb\n');
    cpSync(join(fixtures, 'project', 'models', 'orders.sql'), join(dir, 'models', 'a.sql'), { recursive: true });
    const file = join(dir, 'target', 'semantic_manifest.json');
    let out = '';
    const run = (...args: string[]): Promise<number> => main([...args, '--project-dir', dir], { stdout: (text) => (out += text), stderr: () => {}, env, cwd: dir });
    expect(await run('parse')).toBe(0);
    const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ semantic_models: [], metrics: [], saved_queries: [] });
    rmSync(file);
    out = '';
    expect(await run('parse')).toBe(0);
    expect(out).toContain('nothing changed: reused');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(written);
    rmSync(file);
    expect(await run('compile')).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(written);
  });
});

describe('listing and selecting them', () => {
  async function ls(...args: string[]): Promise<string[]> {
    let out = '';
    let err = '';
    const code = await main(['ls', '--project-dir', root, '--no-partial-parse', ...args], { stdout: (text) => (out += text), stderr: (text) => (err += text), env, cwd: root });
    expect([code, err]).toEqual([0, '']);
    return out.split('\n').filter(Boolean);
  }

  // each expected list is what `dbt ls` (1.11.16) printed for the same arguments
  it('lists them with dbt’s prefixes', async () => {
    expect(await ls('--resource-type', 'metric', 'semantic_model', 'saved_query')).toEqual([
      'metric:sl_fixture.conversion_rate',
      'metric:sl_fixture.cumulative_total',
      'metric:sl_fixture.food_orders',
      'metric:sl_fixture.food_ratio',
      'metric:sl_fixture.food_total_mtd',
      'metric:sl_fixture.order_amount_p90',
      'metric:sl_fixture.order_count',
      'metric:sl_fixture.order_total',
      'metric:sl_fixture.total_plus_count',
      'saved_query:sl_fixture.cumulative_query',
      'saved_query:sl_fixture.order_metrics',
      'semantic_model:sl_fixture.customers',
      'semantic_model:sl_fixture.orders',
    ]);
  });

  it('counts them in parse’s summary', async () => {
    let out = '';
    expect(await main(['parse', '--project-dir', root, '--no-partial-parse'], { stdout: (text) => (out += text), stderr: () => {}, env, cwd: root })).toBe(0);
    expect(out).toMatch(/1 exposure, \d+ macros, 9 metrics, 2 semantic models, 2 saved queries in /);
  });

  it('selects with metric:, semantic_model:, saved_query: and graph operators', async () => {
    expect(await ls('-s', 'metric:food_orders+')).toEqual(['exposure:sl_fixture.sales_dashboard', 'metric:sl_fixture.food_orders', 'metric:sl_fixture.food_ratio', 'saved_query:sl_fixture.order_metrics']);
    expect(await ls('-s', '+saved_query:order_metrics', '--resource-type', 'metric', 'semantic_model')).toEqual(['metric:sl_fixture.food_orders', 'metric:sl_fixture.order_total', 'semantic_model:sl_fixture.orders']);
    expect(await ls('-s', 'semantic_model:cust*+1')).toEqual(['metric:sl_fixture.conversion_rate', 'semantic_model:sl_fixture.customers']);
    expect(await ls('-s', 'orders', '--output', 'name')).toEqual(['orders', 'orders']);
    expect(await ls('-s', 'tag:core')).toEqual(['metric:sl_fixture.order_count']);
    expect(await ls('-s', 'fqn:marts.*', '--resource-type', 'saved_query')).toEqual(['saved_query:sl_fixture.cumulative_query', 'saved_query:sl_fixture.order_metrics']);
    const json = (await ls('-s', 'metric:order_count', 'semantic_model:orders', '--output', 'json')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(json).toEqual([
      {
        name: 'order_count',
        resource_type: 'metric',
        package_name: 'sl_fixture',
        original_file_path: 'models/marts/semantic.yml',
        unique_id: 'metric.sl_fixture.order_count',
        tags: ['core'],
        config: { enabled: true, group: null, meta: { layer: 'marts' } },
        depends_on: { macros: [], nodes: ['semantic_model.sl_fixture.orders'] },
      },
      {
        name: 'orders',
        resource_type: 'semantic_model',
        package_name: 'sl_fixture',
        original_file_path: 'models/marts/semantic.yml',
        unique_id: 'semantic_model.sl_fixture.orders',
        depends_on: { macros: [], nodes: ['model.sl_fixture.orders'] },
        config: { enabled: true, group: null, meta: { domain: 'sales' } },
      },
    ]);
  });
});

describe('state:modified', () => {
  /** Ours with dbt's semantic layer in place of our own: what `--state <dbt's manifest>` compares with. */
  function withDbtSemanticLayer(ours: Manifest): Manifest {
    return { ...ours, semantic_models: expected.semantic_models, metrics: expected.metrics, saved_queries: expected.saved_queries } as unknown as Manifest;
  }

  it('finds nothing changed against dbt’s semantic layer for the same project', () => {
    expect(changedIds(compareManifests(withDbtSemanticLayer(manifest), manifest))).toEqual([]);
  });

  it('selects nothing with dbt’s whole manifest as --state', async () => {
    let out = '';
    const code = await main(['ls', '--project-dir', root, '--no-partial-parse', '-s', 'state:modified', '--state', dbtState], { stdout: (text) => (out += text), stderr: () => {}, env, cwd: root });
    expect([code, out]).toEqual([0, '']);
  });

  it('finds the semantic model, metric and saved query an edit changed, and nothing else', async () => {
    const edited = copyProject();
    edit(edited, 'models/marts/semantic.yml', 'expr: amount\n        description: total', 'expr: amount * 2\n        description: total');
    edit(edited, 'models/marts/semantic.yml', 'label: Food ratio', 'label: Share of food orders');
    edit(edited, 'models/marts/semantic.yml', '      limit: 10', '      limit: 10\n      order_by: []');
    edit(edited, 'models/marts/semantic.yml', '- "Dimension(\'order__is_food\')"', '- "Entity(\'customer\')"');
    const changed = changedIds(compareManifests(withDbtSemanticLayer(manifest), await manifestOf(edited)));
    expect(changed).toEqual(['metric.sl_fixture.food_ratio', 'saved_query.sl_fixture.order_metrics', 'semantic_model.sl_fixture.orders']);
  });
});

describe('in packages and with project configs', () => {
  afterAll(removeTempProjects);

  const semanticYaml = (model: string): string =>
    [
      'semantic_models:',
      '  - name: sales',
      `    model: ref('${model}')`,
      '    defaults: {agg_time_dimension: sold_at}',
      '    entities: [{name: sale, type: primary, expr: id}]',
      '    dimensions: [{name: sold_at, type: time, type_params: {time_granularity: day}}]',
      '    measures: [{name: revenue, agg: sum, expr: amount}]',
      'metrics:',
      '  - name: revenue',
      '    label: Revenue',
      '    type: simple',
      '    type_params: {measure: revenue}',
      '',
    ].join('\n');

  it('resolves a package’s semantic model to its own model, and its metric to its semantic model', async () => {
    const project = await tempProject({
      'models/metricflow_time_spine.sql': 'select 1 as date_day',
      'dbt_packages/sales/dbt_project.yml': 'name: sales\n',
      'dbt_packages/sales/models/sales_orders.sql': 'select 1 as id, 2 as amount, current_date as sold_at',
      'dbt_packages/sales/models/sem.yml': semanticYaml('sales_orders'),
    });
    const ours = (await compileProject(project)).manifest;
    expect(ours.semantic_models['semantic_model.sales.sales']).toMatchObject({ depends_on: { nodes: ['model.sales.sales_orders'] }, path: 'sem.yml', original_file_path: 'models/sem.yml', fqn: ['sales', 'sales'] });
    expect(ours.metrics['metric.sales.revenue'].depends_on.nodes).toEqual(['semantic_model.sales.sales']);
  });

  it('takes `+enabled`/`+meta` from dbt_project.yml’s metrics: and semantic-models:', async () => {
    const project = await tempProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\nmetrics:\n  shop:\n    +enabled: false\nsemantic-models:\n  +meta: {team: growth}\n',
      'models/orders.sql': 'select 1 as id, 2 as amount, current_date as sold_at',
      'models/metricflow_time_spine.sql': 'select current_date as date_day',
      'models/sem.yml': semanticYaml('orders'),
    });
    const ours = (await compileProject(project)).manifest;
    expect(ours.metrics).toEqual({});
    expect(Object.keys(ours.disabled)).toContain('metric.shop.revenue');
    expect(ours.semantic_models['semantic_model.shop.sales'].config.meta).toEqual({ team: 'growth' });
    expect(ours.semantic_models['semantic_model.shop.sales'].measures[0].config.meta).toEqual({ team: 'growth' });
  });
});

describe('exports named by the project’s generate_*_name macros', () => {
  it('fills what an export leaves unset as dbt does (recorded from dbt-core 1.11.16 with the same macros)', async () => {
    const root = copyProject();
    mkdirSync(join(root, 'macros'));
    writeFileSync(
      join(root, 'macros', 'names.sql'),
      [
        '{% macro generate_schema_name(custom_schema_name, node) -%}',
        "{{ 'gs_' ~ (custom_schema_name or target.schema) ~ '_' ~ node.name ~ '_' ~ (node.resource_type or 'none') }}",
        '{%- endmacro %}',
        '{% macro generate_alias_name(custom_alias_name, node) -%}',
        "{{ 'ga_' ~ (custom_alias_name or node.name) }}",
        '{%- endmacro %}',
        '{% macro generate_database_name(custom_database_name, node) -%}',
        "{{ 'gd_' ~ (custom_database_name or 'x') }}",
        '{%- endmacro %}',
        '',
      ].join('\n'),
    );
    const ours = await manifestOf(root);
    expect(ours.saved_queries['saved_query.sl_fixture.order_metrics'].exports.map((item) => item.config)).toEqual([
      { export_as: 'table', schema_name: 'exports', alias: 'ga_order_metrics_export', database: 'gd_x' },
      { export_as: 'view', schema_name: 'gs_main_order_metrics_view_none', alias: 'om_view', database: 'gd_x' },
    ]);
  });
});

describe('errors, with file and line', () => {
  it('names a measure no semantic model has', async () => {
    const edited = copyProject();
    edit(edited, 'models/marts/semantic.yml', /measure: order_total\n {2}- name: food_orders/, 'measure: nope\n  - name: food_orders');
    const error = await compileError(edited);
    expect(error.message).toContain('A semantic model having a measure `nope` does not exist but was referenced.');
    expect(error.message).toContain('metric order_total');
    expect(error.place).toMatchObject({ file: 'models/marts/semantic.yml', line: 70 });
  });

  it('names a model ref that does not exist', async () => {
    const edited = copyProject();
    edit(edited, 'models/marts/semantic.yml', "model: ref('orders')", "model: ref('nope')");
    const error = await compileError(edited);
    expect(error.message).toBe("Semantic_Model 'semantic_model.sl_fixture.orders' (models/marts/semantic.yml) depends on a node named 'nope' which was not found");
    expect(error.place).toMatchObject({ file: 'models/marts/semantic.yml', line: 5 });
  });

  it('names a model ref to a disabled model, as dbt does', async () => {
    const edited = copyProject();
    edit(edited, 'models/customers.sql', /^/, '{{ config(enabled=false) }}\n');
    expect((await compileError(edited)).message).toBe("Semantic_Model 'semantic_model.sl_fixture.customers' (models/marts/semantic.yml) depends on a node named 'customers' which is disabled");
  });

  it('names a measure of a disabled semantic model, as dbt does', async () => {
    const edited = copyProject();
    edit(edited, 'models/marts/semantic.yml', '      meta:\n        owner: team', '      enabled: false\n      meta:\n        owner: team');
    const error = await compileError(edited);
    expect(error.message).toContain('The measure `customer_count` is referenced on disabled semantic model `customers`.');
    expect(error.message).toContain('metric conversion_rate');
  });

  it('refuses two metrics of one name', async () => {
    const edited = copyProject();
    edit(edited, 'models/marts/semantic.yml', '- name: order_count\n    label: Orders', '- name: order_total\n    label: Orders');
    const error = await compileError(edited);
    expect(error.message).toMatch(/^Metric "order_total" is described twice: at models\/marts\/semantic\.yml:70 and at models\/marts\/semantic\.yml:\d+$/);
  });

  it('refuses a measure’s created metric named like a metric', async () => {
    const edited = copyProject();
    edit(edited, 'models/marts/semantic.yml', '- name: order_amount_p90', '- name: order_total_p90');
    edit(edited, 'models/marts/semantic.yml', '  - name: order_count\n    label: Orders', '  - name: order_total_p90\n    label: Orders');
    expect((await compileError(edited)).message).toContain('dbt found two metrics with the name "order_total_p90"');
  });

  it('names a metric a derived metric or a saved query uses that does not exist', async () => {
    const derived = copyProject();
    edit(derived, 'models/marts/semantic.yml', '        - order_total\n        - name: order_count', '        - nopemetric\n        - name: order_count');
    expect((await compileError(derived)).message).toContain('The metric `nopemetric` does not exist but was referenced by metric `total_plus_count`.');
    const saved = copyProject();
    edit(saved, 'models/marts/semantic.yml', '        - food_orders\n      group_by', '        - nopemetric\n      group_by');
    expect((await compileError(saved)).message).toBe("Saved_Query 'saved_query.sl_fixture.order_metrics' (models/marts/semantic.yml) depends on a metric named 'nopemetric' which was not found");
  });

  it('refuses a ratio metric without a denominator', async () => {
    const edited = copyProject();
    edit(edited, 'models/marts/semantic.yml', / {6}denominator:\n {8}name: order_count\n {8}filter: .*\n/, '');
    expect((await compileError(edited)).message).toContain('Invalid ratio metric. Both a numerator and denominator must be specified');
  });

  it('refuses an unknown aggregation, metric type or granularity where it is written', async () => {
    const agg = copyProject();
    edit(agg, 'models/marts/semantic.yml', 'agg: count_distinct\n        expr: customer_id\n        agg_time', 'agg: median_x\n        expr: customer_id\n        agg_time');
    const aggError = await compileError(agg);
    expect(aggError.message).toBe('`agg: median_x` of measure "customer_count" of semantic model "customers" is not one of sum, min, max, count_distinct, sum_boolean, average, percentile, median, count');
    expect(aggError.place?.file).toBe('models/marts/semantic.yml');
    const type = copyProject();
    edit(type, 'models/marts/semantic.yml', 'type: cumulative\n    type_params:\n      measure: order_total', 'type: weird\n    type_params:\n      measure: order_total');
    expect((await compileError(type)).message).toContain('`type: weird` of metric "cumulative_total" is not one of simple, ratio, cumulative, derived, conversion');
    const window = copyProject();
    edit(window, 'models/marts/semantic.yml', 'window: 7 days\n  - name: total', 'window: seven days\n  - name: total');
    expect((await compileError(window)).message).toContain('Invalid count (seven)');
  });

  it('requires an aggregation time dimension for each measure (dbt’s semantic validation)', async () => {
    const edited = copyProject();
    edit(edited, 'models/marts/semantic.yml', '        agg_time_dimension: first_ordered_at\n', '');
    const error = await compileError(edited);
    expect(error.message).toContain('Aggregation time dimension for measure customer_count is not set!');
    expect(error.place?.file).toBe('models/marts/semantic.yml');
  });

  it('requires a time spine, as dbt does, and accepts the legacy metricflow_time_spine model', async () => {
    const legacy = copyProject();
    rmSync(join(legacy, 'models', 'schema.yml'));
    await expect(manifestOf(legacy)).resolves.toBeDefined();
    cpSync(join(legacy, 'models', 'metricflow_time_spine.sql'), join(legacy, 'models', 'spine.sql'));
    rmSync(join(legacy, 'models', 'metricflow_time_spine.sql'));
    expect((await compileError(legacy)).message).toContain('The semantic layer requires a time spine model with granularity DAY or smaller in the project, but none was found.');
  });

  it('requires the time spine of a project with semantic models but no metrics, as dbt does when it writes semantic_manifest.json', async () => {
    const edited = copyProject();
    const file = join(edited, 'models', 'marts', 'semantic.yml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.indexOf('metrics:')).replace('        create_metric: true\n', ''));
    rmSync(join(edited, 'models', 'marts', 'exposures.yml'));
    rmSync(join(edited, 'models', 'schema.yml'));
    rmSync(join(edited, 'models', 'metricflow_time_spine.sql'));
    // dbt 1.11.16 on the same edit: "The semantic layer requires a time spine model with granularity DAY or smaller …"
    expect((await compileError(edited)).message).toContain('The semantic layer requires a time spine model with granularity DAY or smaller in the project, but none was found.');
  });

  it('checks a time spine’s standard column', async () => {
    const edited = copyProject();
    edit(edited, 'models/schema.yml', 'granularity: day', 'description: no granularity');
    const error = await compileError(edited);
    expect(error.message).toBe("Time spine standard granularity column must have a granularity defined. Please add one for column 'date_day' in model 'metricflow_time_spine'.");
    expect(error.place).toMatchObject({ file: 'models/schema.yml', line: 7 });
  });
});
