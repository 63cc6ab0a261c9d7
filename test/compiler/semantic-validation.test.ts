/**
 * dbt-semantic-interfaces' validation rules as dbt-core 1.11 runs them at parse, on the
 * semantic-layer fixture with one edit each. Every expected message was recorded from
 * dbt-core 1.11.16 (+ dbt-duckdb 1.11.1) running `dbt parse` on a copy of the fixture with the same
 * edit (its ERROR or WARNING lines; where dbt prints a Python traceback, the text before it).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { compileProject } from '../../src/compiler/index.js';
import { DailiesError } from '../../src/errors.js';
import { loadProject } from '../../src/project/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'semantic-layer');
const env = { HOME: join(tmpdir(), 'dailies-no-home') };
const SEMANTIC = 'models/marts/semantic.yml';
const copies: string[] = [];

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixture with each [from, to] replaced in models/marts/semantic.yml. */
function edited(...edits: [string, string][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'dailies-semantic-rules-'));
  copies.push(dir);
  cpSync(join(fixtures, 'project'), dir, { recursive: true });
  const file = join(dir, SEMANTIC);
  let text = readFileSync(file, 'utf8');
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`edit found no ${from}`);
    text = text.split(from).join(to);
  }
  writeFileSync(file, text);
  return dir;
}

async function compile(root: string): Promise<{ warnings: readonly string[] }> {
  const compiler = await compileProject(await loadProject({ projectDir: root, env }));
  return { warnings: compiler.warnings ?? [] };
}

/** The messages of the semantic validation error (the first, then each further one). */
async function failures(root: string): Promise<{ messages: string[]; error: DailiesError }> {
  try {
    await compile(root);
  } catch (error) {
    if (!(error instanceof DailiesError)) throw error;
    const [first, more = ''] = error.message.split(/\nand \d+ more:/);
    expect(first.startsWith('Semantic Manifest validation failed: ')).toBe(true);
    const rest = more.split(/\n {2}models\/marts\/semantic\.yml:\d+: /).slice(1);
    return { messages: [first.slice('Semantic Manifest validation failed: '.length), ...rest], error };
  }
  throw new Error('expected the project not to compile');
}

const FOOD_FILTER = "{{ Dimension('order__is_food') }} = true\n  - name: order_count";

describe('where filters and saved queries (WhereFiltersAreParseable, SavedQueryRule)', () => {
  it('does not look up the dimensions a metric filter names, as dbt does not at parse', async () => {
    await expect(compile(edited([FOOD_FILTER, "{{ Dimension('order__nope') }} = true\n  - name: order_count"]))).resolves.toBeDefined();
  });

  it('refuses a filter that does not parse, and a dimension without its entity, with dbt’s first lines', async () => {
    const broken = await failures(edited([FOOD_FILTER, "{{ Dimension('order__is_food' }} = true\n  - name: order_count"]));
    expect(broken.messages[0]).toMatch(
      /^An error occurred while trying to parse filter of metric `food_orders` - dbt_semantic_interfaces\.call_parameter_sets\.ParseJinjaObjectException: Encountered error\(s\) while parsing:\n\nFilter:\n {4}\{\{ Dimension\('order__is_food' \}\} = true\n\nError Message:\n {4}Error while parsing Jinja template:\n {4}\{\{ Dimension\('order__is_food' \}\} = true\n/,
    );
    expect(broken.error.place).toMatchObject({ file: SEMANTIC, line: 76 });
    const unknownName = await failures(edited([FOOD_FILTER, "{{ dimension('order__is_food') }} = true\n  - name: order_count"]));
    expect(unknownName.messages[0]).toContain('Error Message:\n    Error while parsing Jinja template:');
    const noEntity = await failures(edited([FOOD_FILTER, "{{ Dimension('is_food') }} = true\n  - name: order_count"], ["- \"Dimension('order__is_food')\"", "- \"Dimension('is_food')\""]));
    expect(noEntity.messages[0]).toMatch(
      /^An error occurred while trying to parse filter of metric `food_orders` - dbt_semantic_interfaces\.call_parameter_sets\.ParseJinjaObjectException: Encountered error\(s\) while parsing:\n\nFilter:\n {4}\{\{ Dimension\('is_food'\) \}\} = true\n\nError Message:\n {4}Name is in an incorrect format: 'is_food'\. It should be of the form: <primary entity name>__<dimension_name>/,
    );
    expect(noEntity.messages[1]).toBe(
      "An error occurred while trying to parse a group-by in saved query `order_metrics` - dbt_semantic_interfaces.call_parameter_sets.ParseJinjaObjectException: Name is in an incorrect format: 'is_food'. It should be of the form: <primary entity name>__<dimension_name>",
    );
  });

  it('warns about a granularity name it does not know', async () => {
    const { warnings } = await compile(edited(["TimeDimension('order__ordered_at', 'day')", "TimeDimension('order__ordered_at', 'fortnight')"]));
    expect(warnings).toEqual([
      "models/marts/semantic.yml:94: Filter for SemanticManifestNodeType.METRIC `food_total_mtd` is not valid. `fortnight` is not a valid granularity name. Valid granularity options: ['nanosecond', 'microsecond', 'millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year']",
    ]);
  });

  it('refuses a saved query’s unknown group-by, an order-by it does not list, and a negative limit', async () => {
    expect((await failures(edited(["- \"Dimension('order__is_food')\"", "- \"Dimension('order__nope')\""]))).messages).toEqual(["`Dimension('order__nope')` is not a valid group-by name."]);
    expect((await failures(edited(["order_by: [\"TimeDimension('metric_time', 'week')\"]", "order_by: [\"TimeDimension('metric_time', 'month')\"]"]))).messages).toEqual([
      "TimeDimension('metric_time', 'month') does not match any of the listed metrics or group-by items. ",
    ]);
    expect((await failures(edited(['limit: 10', 'limit: -1']))).messages).toEqual(['Invalid limit value: -1 (should be >= 0)']);
  });

  it('accepts an order-by item with .descending(), and a metric listed as Metric()', async () => {
    await expect(
      compile(edited(["order_by: [\"TimeDimension('metric_time', 'week')\"]", "order_by: [\"TimeDimension('metric_time', 'week').descending(True)\", \"Metric('cumulative_total')\"]"])),
    ).resolves.toBeDefined();
  });
});

describe('names and labels (UniqueAndValidNameRule, ReservedKeywordsRule, label rules)', () => {
  it('refuses names that are not lower-case snake case, with dunders, or reserved', async () => {
    expect((await failures(edited(['  - name: cumulative_query', '  - name: Cumulative_Query']))).messages).toEqual([
      'Invalid name `Cumulative_Query` - names may only contain lower case letters, numbers, and underscores. Additionally, names must start with a lower case letter, cannot end with an underscore, cannot contain dunders (double underscores, or __), and must be at least 2 characters long.',
    ]);
    const reserved = await failures(
      edited(['      - name: order_balance', '      - name: day'], ['agg_time_dimension: first_ordered_at', 'agg_time_dimension: first_ordered_at\n      - name: metric_time\n        agg: sum\n        expr: 1\n        agg_time_dimension: first_ordered_at']),
    );
    expect(reserved.messages).toEqual([
      "Invalid name `day` - names cannot match reserved time granularity keywords (['NANOSECOND', 'MICROSECOND', 'MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'])",
      'Invalid name `metric_time` - this name is reserved by MetricFlow. Reason: Used as the query input for creating time series metrics from measures with different time dimension names.',
    ]);
    expect((await failures(edited(['- name: is_food', '- name: select'], ['order__is_food', 'order__select']))).messages).toEqual(["'select' is an SQL reserved keyword, and thus cannot be used as a dimension 'name'."]);
  });

  it('refuses a label used twice', async () => {
    expect((await failures(edited(['label: Food ratio', 'label: Orders']))).messages).toEqual(["Can't use label `Orders` for  metric `food_ratio` as it's already used for metric `order_count`"]);
    const dimensions = edited(['        description: Food or not', '        description: Food or not\n        label: Ordered'], ['        type_params:\n          time_granularity: day\n      - name: is_food', '        label: Ordered\n        type_params:\n          time_granularity: day\n      - name: is_food']);
    expect((await failures(dimensions)).messages).toEqual(['Dimension labels must be unique within a semantic model. The label `Ordered` was used for 2 dimensions on semantic model `orders']);
    const entities = edited(['      - name: customer\n        type: foreign\n', '      - name: customer\n        type: foreign\n        label: Buyer\n'], ['      - name: customer\n        type: unique\n', '      - name: customer\n        type: unique\n        label: Client\n']);
    expect((await failures(entities)).messages).toEqual(['Entities with the same name must have the same label or the label must be `None`. Entity `customer` on semantic model `customers` has label `Client` but the same entity on semantic model `orders`']);
  });
});

describe('elements across semantic models', () => {
  it('refuses one name used as a dimension and a measure, and a dimension of two types', async () => {
    const element = edited(['      - name: customer_count\n', '      - name: is_food\n'], ['measure: customer_count', 'measure: is_food']);
    expect((await failures(element)).messages).toEqual([
      "In semantic models {'orders'}, element `is_food` is of type SemanticModelElementType.DIMENSION, but it is used as types [<SemanticModelElementType.DIMENSION: 'dimension'>, <SemanticModelElementType.MEASURE: 'measure'>] across the model.",
      "In semantic models {'customers'}, element `is_food` is of type SemanticModelElementType.MEASURE, but it is used as types [<SemanticModelElementType.DIMENSION: 'dimension'>, <SemanticModelElementType.MEASURE: 'measure'>] across the model.",
    ]);
    const types = edited([
      '      - name: first_ordered_at\n        type: time\n        type_params:\n          time_granularity: day',
      '      - name: first_ordered_at\n        type: time\n        type_params:\n          time_granularity: day\n      - name: is_food\n        type: time\n        type_params:\n          time_granularity: day',
    ]);
    expect((await failures(types)).messages).toEqual(['In semantic model `customers`, type conflict for dimension `is_food` - already in model as type `DimensionType.CATEGORICAL` but got `DimensionType.TIME`']);
  });

  it('accepts one time dimension name at two granularities (dbt-semantic-interfaces 0.9 never reports it)', async () => {
    const grains = edited([
      '      - name: first_ordered_at\n        type: time\n        type_params:\n          time_granularity: day',
      '      - name: first_ordered_at\n        type: time\n        type_params:\n          time_granularity: day\n      - name: ordered_at\n        type: time\n        type_params:\n          time_granularity: month',
    ]);
    await expect(compile(grains)).resolves.toBeDefined();
  });

  it('refuses a dimension paired twice with one primary entity', async () => {
    const pairs = edited(['primary_entity: customer', 'primary_entity: order'], ['- name: first_ordered_at', '- name: ordered_at'], ['agg_time_dimension: first_ordered_at', 'agg_time_dimension: ordered_at']);
    expect((await failures(pairs)).messages).toEqual([
      'Duplicate dimension + primary entity pairing detected, dimension + primary entity pairings must be unique. Semantic model `customers` has a primary entity of `order` and dimension `ordered_at`, but this pairing is already in use on semantic model `orders`.',
    ]);
  });
});

describe('measures', () => {
  it('requires a COUNT measure’s expr', async () => {
    expect((await failures(edited(['agg: count\n        expr: 1', 'agg: count'])))).toMatchObject({
      messages: ["Measure 'order_count' uses a COUNT aggregation, which requires an expr to be provided. Provide 'expr: 1' if a count of all rows is desired."],
      error: { place: { file: SEMANTIC, line: 3 } },
    });
  });

  it('names every measure a wrong default aggregation time dimension leaves without one', async () => {
    const measures = ['order_total', 'order_count', 'customers_with_orders', 'order_amount_p90', 'order_balance'];
    expect((await failures(edited(['agg_time_dimension: ordered_at', 'agg_time_dimension: nope']))).messages).toEqual([
      ...measures.map((measure) => `In semantic model 'orders', measure '${measure}' has the aggregation time dimension set to 'nope', which is not a valid time dimension in the semantic model`),
      "Measure 'order_balance' has a agg_time_dimension of nope that is not defined as a dimension in semantic model 'orders'.",
      "Default aggregation time dimension was specified as 'nope' which doesn't exist as a time dimension in semantic model named 'orders'.",
    ]);
  });
});

describe('metrics (DerivedMetricRule, CumulativeMetricRule, ConversionMetricRule)', () => {
  it('refuses an input-metric alias already used, and warns about an input metric the expr leaves out', async () => {
    const alias = edited(['alias: orders_last_week', 'alias: order_total'], ['expr: order_total + orders_last_week', 'expr: order_total + order_total']);
    expect((await failures(alias)).messages).toEqual(["Alias 'order_total' for input metric: 'order_count' is already being used. Please choose another alias."]);
    expect((await compile(edited(['expr: order_total + orders_last_week', 'expr: order_total * 2']))).warnings).toEqual([
      "models/marts/semantic.yml:133: Input metric 'orders_last_week' is not used in `expr`: 'order_total * 2' for derived metric 'total_plus_count'. Please update the `expr` or remove the input metric.",
    ]);
  });

  it('refuses a cumulative metric with both a window and a grain to date, or a window in unknown units', async () => {
    expect((await failures(edited(['        window: 7 days\n  - name: total_plus_count', '        window: 7 days\n        grain_to_date: month\n  - name: total_plus_count']))).messages).toEqual([
      'Both window and grain_to_date set for cumulative metric. Please set one or the other.',
    ]);
    expect((await failures(edited(['window: 7 days\n  - name: total', 'window: 7 fortnights\n  - name: total']))).messages).toEqual(["Invalid time granularity 'fortnights' in window: '7 fortnights'"]);
  });

  it('refuses a conversion metric over a measure that is not a count', async () => {
    const conversion = edited(['        entity: customer\n        calculation', '        entity: order\n        calculation'], ['base_measure: customer_count', 'base_measure: order_total']);
    expect((await failures(conversion)).messages).toEqual(['For conversion metrics, the measure must be COUNT/SUM(1)/COUNT_DISTINCT. Measure: order_total is agg type: AggregationType.SUM']);
  });
});

describe('the legacy time spine', () => {
  it('warns as dbt does when metricflow_time_spine has no YAML configuration, on parse and on a cache hit', async () => {
    const root = edited();
    rmSync(join(root, 'models', 'schema.yml'));
    let err = '';
    const parse = (): Promise<number> => main(['parse', '--project-dir', root], { stdout: () => {}, stderr: (text) => (err += text), env, cwd: root });
    expect(await parse()).toBe(0);
    // dbt 1.11.16: "[WARNING]: Time spines without YAML configuration are in the process of deprecation. …" (D018)
    const warning =
      "Warning: [MFTimespineWithoutYamlConfigurationDeprecation]: Time spines without YAML configuration are in the process of deprecation. Please add YAML configuration for your 'metricflow_time_spine' model. See documentation on MetricFlow time spines: https://docs.getdbt.com/docs/build/metricflow-time-spine and behavior change documentation: https://docs.getdbt.com/reference/global-configs/behavior-changes.\n";
    expect(err).toBe(warning);
    err = '';
    expect(await parse()).toBe(0);
    expect(err).toBe(warning);
  });

  it('does not warn when the time spine is configured in YAML', async () => {
    expect((await compile(edited())).warnings).toEqual([]);
  });
});

describe('metric() in a model’s SQL', () => {
  function withModel(sql: string): string {
    const root = edited();
    writeFileSync(join(root, 'models', 'm1.sql'), sql);
    return root;
  }

  it('renders the metric’s name and fields, and puts the metric in depends_on and metrics, as dbt does', async () => {
    const root = withModel("select '{{ metric('order_total') }}|{{ metric('sl_fixture', 'order_total').unique_id }}|{{ metric('order_total').label }}' as x");
    const manifest = (await compileProject(await loadProject({ projectDir: root, env }))).manifest;
    const node = manifest.nodes['model.sl_fixture.m1'];
    // dbt 1.11.16 compiled `select '{{ metric('order_total') }}' as x` to `select 'order_total' as x`, with these fields
    expect(node.compiled_code).toBe("select 'order_total|metric.sl_fixture.order_total|Order total' as x");
    expect({ metrics: node.metrics, depends_on: node.depends_on.nodes }).toEqual({ metrics: [['order_total'], ['sl_fixture', 'order_total'], ['order_total']], depends_on: ['metric.sl_fixture.order_total'] });
    expect(manifest.child_map['metric.sl_fixture.order_total']).toEqual(['metric.sl_fixture.total_plus_count', 'model.sl_fixture.m1', 'saved_query.sl_fixture.order_metrics']);
  });

  it('refuses a metric that does not exist or is disabled, with dbt’s message', async () => {
    const missing = withModel("select '{{ metric('nope') }}' as x");
    await expect(compile(missing)).rejects.toThrow("Model 'model.sl_fixture.m1' (models/m1.sql) depends on a metric named 'nope' which was not found");
    const disabled = withModel("select '{{ metric('retired_metric') }}' as x");
    await expect(compile(disabled)).rejects.toThrow("Model 'model.sl_fixture.m1' (models/m1.sql) depends on a metric named 'retired_metric' which is disabled");
  });

  it('builds the model after the models its metric is computed from', async () => {
    const root = withModel("select count(*) as n, '{{ metric('order_total') }}' as metric_name from {{ ref('customers') }}");
    let out = '';
    const code = await main(['build', '--project-dir', root, '-s', '+m1', '--no-partial-parse'], { stdout: (text) => (out += text), stderr: (text) => (out += text), env, cwd: root });
    expect(code).toBe(0);
    expect(out).toMatch(/created view main\.orders[\s\S]*created view main\.m1/);
  });
});
