/**
 * The object-builder syntax of where filters and saved queries (`{{ Dimension('order__is_food') }}`,
 * `TimeDimension('metric_time', 'month')`, `Entity('customer')`, `Metric('m', group_by=['e'])`,
 * `.grain()`, `.date_part()`, `.descending()`), read as dbt-semantic-interfaces reads it: the
 * template rendered with the four builders as its only names, each call recorded, then the
 * dundered names split (`order__ordered_at__month` → entity `order`, element `ordered_at`, grain).
 */
import { callArguments } from '../jinja/index.js';
import type { JinjaEnvironment } from '../jinja/index.js';
import { GRANULARITIES } from '../../project/semantic/index.js';

export type QueryItemType = 'Dimension' | 'TimeDimension' | 'Entity' | 'Metric';

export interface QueryItem {
  type: QueryItemType;
  /** As written, e.g. `order__ordered_at`. */
  name: string;
  entityPath: string[];
  grain: string | null;
  datePart: string | null;
  descending: boolean | null;
  groupBy: string[];
}

/** A parsed item: what it refers to, as dbt-semantic-interfaces' call parameter sets hold it. */
export interface QueryReference {
  type: 'dimension' | 'time_dimension' | 'entity' | 'metric';
  element: string;
  entityLinks: string[];
  grain: string | null;
}

/** What dbt-semantic-interfaces raises while reading an item (its exception class and text). */
export class QueryItemError extends Error {
  constructor(
    readonly exception: string,
    message: string,
  ) {
    super(message);
  }
}

const METHODS: Record<QueryItemType, string[]> = { Dimension: ['grain', 'date_part', 'descending'], TimeDimension: [], Entity: [], Metric: [] };
const ORDER_BY_METHODS: Record<QueryItemType, string[]> = { Dimension: ['grain', 'date_part', 'descending'], TimeDimension: ['descending'], Entity: ['descending'], Metric: ['descending'] };

/** The parameters each builder takes, in order (dbt-semantic-interfaces' rendering helper). */
const PARAMETERS: Record<QueryItemType, string[]> = {
  Dimension: ['name', 'entity_path'],
  TimeDimension: ['time_dimension_name', 'time_granularity_name', 'entity_path', 'descending', 'date_part_name'],
  Entity: ['entity_name', 'entity_path'],
  Metric: ['metric_name', 'group_by'],
};

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function builder(type: QueryItemType, orderBy: boolean, found: QueryItem[]): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    const { positional, keywords } = callArguments(args);
    const names = PARAMETERS[type];
    const values: Record<string, unknown> = {};
    positional.forEach((value, index) => {
      if (index >= names.length) throw new QueryItemError('TypeError', `${type}() takes at most ${names.length} arguments (${positional.length} given)`);
      values[names[index]] = value;
    });
    for (const [key, value] of Object.entries(keywords)) {
      if (!names.includes(key)) throw new QueryItemError('TypeError', `${type}() got an unexpected keyword argument '${key}'`);
      values[key] = value;
    }
    if (values[names[0]] === undefined) throw new QueryItemError('TypeError', `${type}() missing 1 required positional argument: '${names[0]}'`);
    const item: QueryItem = {
      type,
      name: String(values[names[0]]),
      entityPath: strings(values.entity_path),
      grain: values.time_granularity_name === undefined || values.time_granularity_name === null ? null : String(values.time_granularity_name),
      datePart: values.date_part_name === undefined || values.date_part_name === null ? null : String(values.date_part_name),
      descending: typeof values.descending === 'boolean' ? values.descending : null,
      groupBy: strings(values.group_by),
    };
    const allowed = (orderBy ? ORDER_BY_METHODS : METHODS)[type];
    const method =
      (key: 'grain' | 'date_part' | 'descending') =>
      (value: unknown): unknown => {
        if (!allowed.includes(key)) throw new QueryItemError('InvalidBuilderMethodException', `\`${key}\` can't be used with \`${type}\` in this context.`);
        if (key === 'grain') item.grain = String(value);
        else if (key === 'date_part') item.datePart = String(value);
        else item.descending = value === true;
        return self;
      };
    const self = { grain: method('grain'), date_part: method('date_part'), descending: method('descending'), toString: () => '' };
    found.push(item);
    return self;
  };
}

/**
 * The items a template names, in order. A template that does not parse or names anything but the
 * four builders is a `ParseJinjaObjectException`, as in dbt.
 */
export function queryItems(env: JinjaEnvironment, template: string, file: string, orderBy = false): QueryItem[] {
  const found: QueryItem[] = [];
  const globals: Record<string, unknown> = {};
  for (const type of ['Dimension', 'TimeDimension', 'Entity', 'Metric'] as const) globals[type] = builder(type, orderBy, found);
  try {
    env.render(template, globals, { file });
  } catch (error) {
    if (error instanceof QueryItemError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new QueryItemError('ParseJinjaObjectException', `Error while parsing Jinja template:\n${template}\n(${why})`);
  }
  return found;
}

function incorrectFormat(name: string): QueryItemError {
  return new QueryItemError('ParseJinjaObjectException', `Name is in an incorrect format: '${name}'. It should be of the form: <primary entity name>__<dimension_name>`);
}

/** dbt-semantic-interfaces' StructuredDunderedName.parse_name. */
function dundered(name: string, customGrains: string[]): { links: string[]; element: string; grain: string | null } {
  const parts = name.split('__');
  if (parts.length === 1) return { links: [], element: parts[0], grain: null };
  const last = parts[parts.length - 1];
  const grain = GRANULARITIES.includes(last) || customGrains.includes(last) ? last : null;
  if (grain !== null) return { links: parts.slice(0, -2), element: parts[parts.length - 2], grain };
  return { links: parts.slice(0, -1), element: last, grain: null };
}

/** dbt-semantic-interfaces' ParameterSetFactory: an item as what it refers to, with its checks. */
export function referenceOf(item: QueryItem, customGrains: string[], orderBy = false): QueryReference {
  if (item.type === 'Metric') {
    if (!orderBy && item.groupBy.length === 0) {
      throw new QueryItemError(
        'ParseJinjaObjectException',
        '`group_by` parameter is required for Metric in where filter. This is needed to determine 1) the granularity to aggregate the metric to and 2) how to join the metric to the rest of the query.',
      );
    }
    return { type: 'metric', element: item.name, entityLinks: [], grain: null };
  }
  const parsed = dundered(item.name, item.type === 'Entity' || (item.type === 'Dimension' && !item.grain && !item.datePart) ? [] : customGrains);
  const links = [...item.entityPath, ...parsed.links];
  if (item.type === 'Entity') {
    if (parsed.grain !== null) throw new QueryItemError('ParseJinjaObjectException', `Name is in an incorrect format: '${item.name}'. It should not contain a time grain suffix.`);
    return { type: 'entity', element: parsed.element, entityLinks: links, grain: null };
  }
  if (parsed.links.length !== 1 && parsed.element !== 'metric_time') throw incorrectFormat(item.name);
  if (item.type === 'Dimension' && !item.grain && !item.datePart) return { type: 'dimension', element: parsed.element, entityLinks: links, grain: null };
  if (parsed.grain !== null && item.grain !== null && item.grain !== parsed.grain) {
    throw new QueryItemError(
      'ParseJinjaObjectException',
      `Received different grains in \`time_dimension_name\` parameter ('${item.name}') and \`time_granularity_name\` parameter ('${item.grain}'). Remove the grain suffix (\`${parsed.grain}\`) from the time dimension name and use the \`time_granularity_name\` parameter to specify the intendend grain.`,
    );
  }
  const grain = parsed.grain ?? item.grain;
  return { type: 'time_dimension', element: parsed.element, entityLinks: links, grain: grain === null ? null : grain.toLowerCase() };
}

/** An item as a key that ignores `.descending()` (to match an order-by item with a listed one). */
export function itemKey(item: QueryItem): string {
  return JSON.stringify([item.type, item.name, item.entityPath, item.grain, item.datePart, item.groupBy]);
}
