/** How dashboard values read: months as YYYY-MM, shares as percentages, numbers grouped. */
export function formatValue(value: unknown, format?: 'number' | 'percent'): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') {
    if (format === 'percent') return `${(value * 100).toFixed(1)}%`;
    // Grouping digits only from 10,000 up: years and small counts read as written.
    return value.toLocaleString('en-US', { maximumFractionDigits: 3, useGrouping: Math.abs(value) >= 10_000 });
  }
  const text = String(value);
  const month = /^(\d{4}-\d{2})-01(?:[ T]00:00:00(?:\.0+)?)?$/.exec(text);
  return month ? month[1]! : text;
}

/** Distinct values sorted: numbers numerically, everything else as text. */
export function distinctSorted(values: unknown[]): unknown[] {
  const unique = [...new Set(values.filter((value) => value !== null && value !== undefined))];
  return unique.every((value) => typeof value === 'number') ? (unique as number[]).sort((a, b) => a - b) : unique.sort((a, b) => String(a).localeCompare(String(b)));
}
