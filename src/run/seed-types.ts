/**
 * Type inference for seed columns, as agate (dbt's CSV reader) would do it: a column is the
 * narrowest kind every non-empty value fits. Empty cells are NULL and fit every kind.
 */

import type { SeedKind } from '../warehouse/adapter.js';
export type { SeedKind };

const patterns: [Exclude<SeedKind, 'text'>, RegExp][] = [
  ['boolean', /^(true|false)$/i],
  ['integer', /^[-+]?\d+$/],
  ['float', /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/],
  ['date', /^\d{4}-\d{2}-\d{2}$/],
  ['timestamp', /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/],
];

/** Kinds that also accept a narrower kind's values. */
const widens: Partial<Record<SeedKind, SeedKind[]>> = {
  float: ['integer'],
  timestamp: ['date'],
};

export function inferSeedKind(values: Iterable<string | null>): SeedKind {
  let candidates: SeedKind[] = ['boolean', 'integer', 'float', 'date', 'timestamp'];
  let seen = false;
  for (const value of values) {
    if (value === null) continue;
    seen = true;
    candidates = candidates.filter((kind) => matches(kind, value));
    if (candidates.length === 0) return 'text';
  }
  if (!seen) return 'text';
  return candidates[0]!;
}

function matches(kind: SeedKind, value: string): boolean {
  const pattern = patterns.find(([name]) => name === kind)?.[1];
  if (pattern?.test(value)) return kind !== 'date' && kind !== 'timestamp' ? true : isRealDate(value);
  for (const narrower of widens[kind] ?? []) if (matches(narrower, value)) return true;
  return false;
}

function isRealDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
