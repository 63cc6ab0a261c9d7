/**
 * Exports each dashboard's data at generate time: its query rendered like `dailies show --inline`
 * (ref() and source() resolve to the target's relations) and run on the warehouse.
 */
import type { ProjectCompiler } from '../../compiler/api.js';
import type { Adapter } from '../../warehouse/adapter.js';
import type { DashboardData, DashboardSummary, NodeResultSummary } from '../site-types.js';
import type { DashboardDefinition } from './spec.js';

/** At most this many rows per dashboard: a chart of more is no chart. */
export const MAX_DASHBOARD_ROWS = 50_000;

export interface ExportedDashboard {
  summary: DashboardSummary;
  data: DashboardData | null;
}

export async function exportDashboard(
  definition: DashboardDefinition,
  compiler: ProjectCompiler,
  adapter: Adapter,
  results: Record<string, NodeResultSummary>,
  exportedAt: string,
): Promise<ExportedDashboard> {
  const { query: _query, ...rest } = definition;
  try {
    const sql = await compiler.compileInline(definition.query, { isIncremental: false, adapter });
    const result = await adapter.execute(`select * from (\n${sql.trim().replace(/;+$/, '')}\n) as dailies_dashboard limit ${MAX_DASHBOARD_ROWS}`);
    const columns = result.columns.map((column) => column.name);
    const missing = fieldsOf(definition).filter((field) => !columns.includes(field));
    if (missing.length > 0) throw new Error(`the query returns no column ${missing.join(', ')} (it returns ${columns.join(', ')})`);
    const completed = definition.dependsOn.map((id) => results[id]?.completedAt ?? null).filter((value): value is string => value !== null).sort();
    return {
      summary: { ...rest, hasData: true },
      data: {
        name: definition.name,
        columns,
        rows: result.rows.map((row) => columns.map((column) => row[column] ?? null)),
        builtAt: completed.length > 0 ? completed[completed.length - 1]! : null,
        exportedAt,
      },
    };
  } catch (error) {
    return { summary: { ...rest, hasData: false, error: (error as Error).message.split('\n')[0] }, data: null };
  }
}

function fieldsOf(definition: DashboardDefinition): string[] {
  const chart = definition.chart;
  const axes = chart.type === 'heatmap' ? [chart.x, chart.y, chart.value] : [chart.category, chart.value, chart.period];
  return [...axes, ...chart.tooltip].map((axis) => axis.field);
}
