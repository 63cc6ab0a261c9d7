/**
 * The reading helpers the semantic layer's property readers share: dbt's enum values, and a reader
 * that checks a value's shape and normalises it as dbt-core 1.11's schema readers do (a name
 * becomes `{name, filter, alias, …}`, `filter:` text `where_filters`, `7 days` a time window).
 */
import type { SourcePlace } from '../../errors.js';
import type {
  ElementConfig,
  MetricInput,
  MetricInputMeasure,
  TimeWindow,
  WhereFilters,
} from './types.js';
import { describe, isPlainMap, type ShapeChecker, type YamlMap } from '../yaml-shapes.js';

export const ENTITY_TYPES = ['foreign', 'natural', 'primary', 'unique'];
export const DIMENSION_TYPES = ['categorical', 'time'];
export const AGGREGATIONS = ['sum', 'min', 'max', 'count_distinct', 'sum_boolean', 'average', 'percentile', 'median', 'count'];
export const METRIC_TYPES = ['simple', 'ratio', 'cumulative', 'derived', 'conversion'];
export const GRANULARITIES = ['nanosecond', 'microsecond', 'millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];
export const PERIOD_AGGS = ['first', 'last', 'average'];
export const CONVERSION_CALCULATIONS = ['conversions', 'conversion_rate'];

/** A text value as Python's `str()` gives it (dbt stores `expr: 1` as "1" and `expr: true` as "True"). */
export function pythonText(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

export class SemanticReader {
  constructor(private readonly shapes: ShapeChecker) {}

  place(owner: unknown, key?: string): SourcePlace {
    return key === undefined ? this.shapes.yaml.placeOf(owner) : this.shapes.yaml.placeOfKey(owner, key);
  }

  text(owner: YamlMap, key: string, where: string): string | null {
    return this.shapes.optionalString(owner, key, where) ?? null;
  }

  required(owner: YamlMap, key: string, where: string, example: string): string {
    const value = this.shapes.optionalString(owner, key, where);
    if (value === undefined || value === '') return this.shapes.fail(owner, undefined, `${where} needs \`${key}\``, `Write e.g. \`${key}: ${example}\`.`);
    return value;
  }

  oneOf(owner: YamlMap, key: string, where: string, allowed: string[], fallback?: string): string {
    const value = this.shapes.optionalString(owner, key, where) ?? fallback;
    if (value === undefined) return this.shapes.fail(owner, undefined, `${where} needs \`${key}\` (one of ${allowed.join(', ')})`, `Write e.g. \`${key}: ${allowed[0]}\`.`);
    if (!allowed.includes(value.toLowerCase())) {
      return this.shapes.fail(owner, key, `\`${key}: ${value}\` of ${where} is not one of ${allowed.join(', ')}`, `Use one of: ${allowed.join(', ')}.`);
    }
    return value.toLowerCase();
  }

  bool(owner: YamlMap, key: string, where: string): boolean {
    return this.shapes.optionalBoolean(owner, key, where) ?? false;
  }

  elementConfig(owner: YamlMap, where: string): ElementConfig {
    const config = this.shapes.map(owner, 'config', where);
    return { meta: this.shapes.map(config, 'meta', `\`config\` of ${where}`) };
  }

  /** `filter:` / `where:`: one text or a list of them. */
  where(owner: YamlMap, key: string, where: string): WhereFilters | null {
    const value = owner[key];
    if (value === undefined || value === null) return null;
    const texts = this.shapes.stringList(owner, key, where);
    return { where_filters: texts.map((text) => ({ where_sql_template: text })) };
  }

  /** dbt's `_get_optional_time_window`: `<count> <granularity>`, a plural standard grain made singular. */
  window(owner: YamlMap, key: string, where: string): TimeWindow | null {
    const text = this.shapes.optionalString(owner, key, where);
    if (text === undefined) return null;
    const parts = text.toLowerCase().split(' ');
    if (parts.length !== 2) {
      return this.shapes.fail(owner, key, `Invalid window (${text}) in ${where}. Should be of the form \`<count> <granularity>\`, e.g., \`28 days\``, 'Write e.g. `window: 7 days`.');
    }
    let granularity = parts[1];
    if (granularity.endsWith('s') && GRANULARITIES.includes(granularity.slice(0, -1))) granularity = granularity.slice(0, -1);
    if (!/^[0-9]+$/.test(parts[0])) {
      return this.shapes.fail(owner, key, `Invalid count (${parts[0]}) in ${where} window string: (${text})`, 'Write a whole number first, e.g. `window: 7 days`.');
    }
    return { count: Number(parts[0]), granularity };
  }

  granularity(owner: YamlMap, key: string, where: string): string | null {
    const value = this.shapes.optionalString(owner, key, where);
    if (value === undefined) return null;
    if (!GRANULARITIES.includes(value.toLowerCase())) {
      return this.shapes.fail(owner, key, `\`${key}: ${value}\` of ${where} is not a time granularity`, `Use one of: ${GRANULARITIES.join(', ')}.`);
    }
    return value.toLowerCase();
  }

  inputMeasure(value: unknown, owner: unknown, key: string, where: string): MetricInputMeasure {
    if (typeof value === 'string') return { name: value, filter: null, alias: null, join_to_timespine: false, fill_nulls_with: null };
    if (!isPlainMap(value)) return this.shapes.fail(owner, key, `\`${key}\` of ${where} must be a measure name or a mapping with \`name:\`, not ${describe(value)}`, `Write \`${key}: my_measure\`.`);
    const at = `\`${key}\` of ${where}`;
    const fill = value.fill_nulls_with;
    if (fill !== undefined && fill !== null && !Number.isInteger(fill)) this.shapes.fail(value, 'fill_nulls_with', `\`fill_nulls_with\` of ${at} must be a whole number`, 'Write e.g. `fill_nulls_with: 0`.');
    return {
      name: this.required(value, 'name', at, 'my_measure'),
      filter: this.where(value, 'filter', at),
      alias: this.text(value, 'alias', at),
      join_to_timespine: this.bool(value, 'join_to_timespine', at),
      fill_nulls_with: typeof fill === 'number' ? fill : null,
    };
  }

  metricInput(value: unknown, owner: unknown, key: string, where: string): MetricInput {
    if (typeof value === 'string') return { name: value, filter: null, alias: null, offset_window: null, offset_to_grain: null };
    if (!isPlainMap(value)) return this.shapes.fail(owner, key, `\`${key}\` of ${where} must be a metric name or a mapping with \`name:\`, not ${describe(value)}`, `Write \`${key}: my_metric\`.`);
    const at = `\`${key}\` of ${where}`;
    return {
      name: this.required(value, 'name', at, 'my_metric'),
      filter: this.where(value, 'filter', at),
      alias: this.text(value, 'alias', at),
      offset_window: this.window(value, 'offset_window', at),
      offset_to_grain: this.text(value, 'offset_to_grain', at),
    };
  }
}
