/** Which rows a ranked-bars chart shows. */
import type { ChartSpec, DashboardData } from '../../../src/docs/site-types.js';

type BarSpec = Extract<ChartSpec, { type: 'bar' }>;

/** The rows of one period, largest value first, at most `spec.top`. */
export function rankedRows(spec: BarSpec, data: DashboardData, period: unknown): unknown[][] {
  const [pi, vi] = [data.columns.indexOf(spec.period.field), data.columns.indexOf(spec.value.field)];
  return data.rows
    .filter((row) => row[pi] === period && typeof row[vi] === 'number')
    .sort((a, b) => (b[vi] as number) - (a[vi] as number))
    .slice(0, spec.top);
}
