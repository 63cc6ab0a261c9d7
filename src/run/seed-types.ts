/**
 * Type inference for seed columns, as dbt's agate reader and dbt-duckdb do it: a column is the
 * narrowest kind every non-empty value fits (integers INTEGER, decimals DOUBLE, ISO dates and
 * timestamps, true/false). Empty cells are NULL and fit every kind; a column of only empty cells
 * is an integer column, as in dbt-duckdb. Integers beyond 32 bits make a `bigint` column.
 */

import type { SeedKind } from '../warehouse/adapter.js';
export type { SeedKind };

const patterns: [Exclude<SeedKind, 'text'>, RegExp][] = [
  ['boolean', /^(true|false)$/i],
  ['integer', /^[-+]?\d+$/],
  ['bigint', /^[-+]?\d+$/],
  ['float', /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/],
  ['date', /^\d{4}-\d{2}-\d{2}$/],
  ['timestamp', /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/],
];

/** Kinds that also accept a narrower kind's values. */
const widens: Partial<Record<SeedKind, SeedKind[]>> = {
  float: ['bigint'],
  timestamp: ['date'],
};

export function inferSeedKind(values: Iterable<string | null>): SeedKind {
  let candidates: SeedKind[] = ['boolean', 'integer', 'bigint', 'float', 'date', 'timestamp'];
  let seen = false;
  for (const value of values) {
    if (value === null) continue;
    seen = true;
    candidates = candidates.filter((kind) => matches(kind, value));
    if (candidates.length === 0) return 'text';
  }
  if (!seen) return 'integer';
  return candidates[0]!;
}

function matches(kind: SeedKind, value: string): boolean {
  const pattern = patterns.find(([name]) => name === kind)?.[1];
  if (pattern?.test(value)) {
    if (kind === 'integer') return fitsInt32(value);
    return kind !== 'date' && kind !== 'timestamp' ? true : isRealDate(value);
  }
  for (const narrower of widens[kind] ?? []) if (matches(narrower, value)) return true;
  return false;
}

function isRealDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const INT32_MAX = 2147483647n;

function fitsInt32(value: string): boolean {
  const number = BigInt(value);
  return number <= INT32_MAX && number >= -INT32_MAX - 1n;
}
