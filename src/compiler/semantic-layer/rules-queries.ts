/**
 * dbt-semantic-interfaces' WhereFiltersAreParseable and SavedQueryRule, with dbt's messages: every
 * filter of a metric (its own, its measure's, its numerator's and denominator's, its input
 * metrics') and of a saved query parses in the object-builder syntax (granularity names it does not
 * know are warnings); a saved query's metrics, group-by items, order-by items and limit are valid.
 * As in dbt, the dimensions and entities a filter names are not looked up at parse (MetricFlow
 * resolves them when it queries); a saved query's group-by element names are.
 */
import type { SourcePlace } from '../../errors.js';
import type { MetricNode, SavedQueryNode, SemanticModelNode } from '../../graph/semantic-types.js';
import { GRANULARITIES } from '../../project/semantic/index.js';
import type { WhereFilters } from '../../project/semantic/types.js';
import type { JinjaEnvironment } from '../jinja/index.js';
import { pythonList, type SemanticIssues } from './issues.js';
import { itemKey, QueryItemError, queryItems, referenceOf, type QueryItem, type QueryReference } from './query-items.js';

const EXCEPTION_MODULE: Record<string, string> = {
  ParseJinjaObjectException: 'dbt_semantic_interfaces.call_parameter_sets.ParseJinjaObjectException',
  InvalidBuilderMethodException: 'dbt_semantic_interfaces.parsing.text_input.ti_exceptions.InvalidBuilderMethodException',
  InvalidQuerySyntax: 'dbt_semantic_interfaces.errors.InvalidQuerySyntax',
  TypeError: 'TypeError',
};

function exceptionText(error: QueryItemError): string {
  return `${EXCEPTION_MODULE[error.exception] ?? error.exception}: ${error.message}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `    ${line}`))
    .join('\n');
}

const FILTER_HINT = "Write each item as `{{ Dimension('entity__dimension') }}`, `{{ TimeDimension('entity__time_dimension', 'day') }}`, `{{ Entity('entity') }}` or `{{ Metric('metric', group_by=['entity']) }}`.";

export class QueryRules {
  private readonly grains: string[];

  constructor(
    private readonly env: JinjaEnvironment,
    private readonly issues: SemanticIssues,
    private readonly customGrains: string[],
  ) {
    this.grains = [...GRANULARITIES, ...customGrains];
  }

  /** The references of one filter text (errors are thrown as dbt raises them). */
  private references(template: string, file: string): QueryReference[] {
    return queryItems(this.env, template, file).map((item) => referenceOf(item, this.customGrains));
  }

  private checkGrains(references: QueryReference[], what: string, name: string, place: SourcePlace): void {
    for (const reference of references) {
      if (reference.type !== 'time_dimension' || reference.grain === null || this.grains.includes(reference.grain)) continue;
      this.issues.warn(
        `Filter for ${what} \`${name}\` is not valid. \`${reference.grain}\` is not a valid granularity name. Valid granularity options: ${pythonList(this.grains)}`,
        place,
        `Use one of: ${this.grains.join(', ')}.`,
      );
    }
  }

  /** A filter intersection, as `filter_expression_parameter_sets` reads it: every failing text reported at once. */
  private checkIntersection(filters: WhereFilters | null, doing: string, metric: MetricNode): void {
    if (filters === null) return;
    const failures: [string, QueryItemError][] = [];
    const parsed: QueryReference[] = [];
    for (const filter of filters.where_filters) {
      try {
        parsed.push(...this.references(filter.where_sql_template, metric.original_file_path));
      } catch (error) {
        if (!(error instanceof QueryItemError)) throw error;
        failures.push([filter.where_sql_template, error]);
      }
    }
    if (failures.length === 0) {
      this.checkGrains(parsed, 'SemanticManifestNodeType.METRIC', metric.name, metric.dailies.place);
      return;
    }
    const lines = ['Encountered error(s) while parsing:\n'];
    for (const [template, error] of failures) lines.push('Filter:', indent(template), 'Error Message:', indent(error.message));
    this.issues.error(`An error occurred while ${doing} - ${EXCEPTION_MODULE.ParseJinjaObjectException}: ${lines.join('\n')}`, metric.dailies.place, FILTER_HINT);
  }

  checkMetric(metric: MetricNode): void {
    this.checkIntersection(metric.filter, `trying to parse filter of metric \`${metric.name}\``, metric);
    const params = metric.type_params;
    if (params.measure) this.checkIntersection(params.measure.filter, `trying to parse filter of measure input \`${params.measure.name}\` on metric \`${metric.name}\``, metric);
    if (params.numerator) this.checkIntersection(params.numerator.filter, `trying to parse the numerator filter on metric \`${metric.name}\``, metric);
    if (params.denominator) this.checkIntersection(params.denominator.filter, `trying to parse the denominator filter on metric \`${metric.name}\``, metric);
    for (const input of params.metrics) this.checkIntersection(input.filter, `trying to parse filter for input metric \`${input.name}\` on metric \`${metric.name}\``, metric);
  }

  /** WhereFiltersAreParseable for a saved query's `where:` (each text on its own). */
  checkSavedQueryWhere(query: SavedQueryNode): void {
    for (const filter of query.query_params.where?.where_filters ?? []) {
      try {
        const references = this.references(filter.where_sql_template, query.original_file_path);
        this.checkGrains(references, 'SemanticManifestNodeType.SAVED_QUERY', query.name, query.dailies.place);
      } catch (error) {
        if (!(error instanceof QueryItemError)) throw error;
        this.issues.error(`An error occurred while trying to parse a filter in saved query \`${query.name}\` - ${exceptionText(error)}`, query.dailies.place, FILTER_HINT);
      }
    }
  }

  /** One query item of a saved query (`Dimension('order__is_food')`), or the issue dbt reports for it. */
  private item(query: SavedQueryNode, text: string, orderBy: boolean): QueryItem | undefined {
    try {
      const items = queryItems(this.env, `{{ ${text} }}`, query.original_file_path, orderBy);
      if (items.length !== 1) throw new QueryItemError('InvalidQuerySyntax', `Did not get exactly one query item from: '${text}' Got: ${items.length}`);
      return items[0];
    } catch (error) {
      if (!(error instanceof QueryItemError)) throw error;
      this.issues.error(
        `An error occurred while parsing a field in '${query.name}'. Note that metrics need to be specified using the object-builder syntax (\`Metric('metric_name')\`) and if \`.descending(...)\` is specified, it should be at the end. - ${exceptionText(error)}`,
        query.dailies.place,
        FILTER_HINT,
      );
      return undefined;
    }
  }

  /** SavedQueryRule. */
  checkSavedQuery(query: SavedQueryNode, metricNames: Set<string>, groupByNames: Set<string>): void {
    const place = query.dailies.place;
    for (const name of query.query_params.metrics) {
      if (!metricNames.has(name)) this.issues.error(`\`${name}\` is not a valid metric name.`, place, 'Name a metric declared under `metrics:`.');
    }
    for (const groupBy of query.query_params.group_by) {
      let references: QueryReference[];
      try {
        references = queryItems(this.env, `{{${groupBy}}}`, query.original_file_path).map((item) => referenceOf(item, this.customGrains));
      } catch (error) {
        if (!(error instanceof QueryItemError)) throw error;
        this.issues.error(`An error occurred while trying to parse a group-by in saved query \`${query.name}\` - ${exceptionText(error)}`, place, FILTER_HINT);
        continue;
      }
      if (references.length !== 1 || !groupByNames.has(references[0].element)) {
        this.issues.error(`\`${groupBy}\` is not a valid group-by name.`, place, "Name a dimension or entity of a semantic model (as `Dimension('entity__dimension')`), `metric_time`, or a metric.");
      }
    }
    this.checkOrderBy(query);
    const limit = query.query_params.limit;
    if (limit !== null && limit < 0) this.issues.error(`Invalid limit value: ${limit} (should be >= 0)`, place, 'Write a limit of 0 or more.');
  }

  /** Each order-by item (without `.descending()`) is one of the listed metrics or group-by items. */
  private checkOrderBy(query: SavedQueryNode): void {
    const orderBy = query.query_params.order_by;
    if (orderBy.length === 0) return;
    const before = this.issues.errors.length;
    const listed = new Set<string>();
    for (const text of [...query.query_params.metrics.map((metric) => `Metric('${metric}')`), ...query.query_params.group_by]) {
      const item = this.item(query, text, false);
      if (item) listed.add(itemKey(item));
    }
    if (this.issues.errors.length > before) return;
    for (const text of orderBy) {
      const item = this.item(query, text, true);
      if (item && !listed.has(itemKey(item))) {
        this.issues.error(`${text} does not match any of the listed metrics or group-by items. `, query.dailies.place, 'Order by a metric or group-by item the saved query lists (with `.descending(True)` for a descending order).');
      }
    }
  }
}

/** The names a saved query may group by: metrics, `metric_time`, and every dimension and entity. */
export function groupByNames(models: SemanticModelNode[], metrics: MetricNode[]): Set<string> {
  const names = new Set<string>(['metric_time', ...metrics.map((metric) => metric.name)]);
  for (const model of models) {
    for (const dimension of model.dimensions) names.add(dimension.name);
    for (const entity of model.entities) names.add(entity.name);
  }
  return names;
}
