/**
 * Dashboards a project defines in an exposure's `meta.dashboards`: each a query (SQL that may use
 * ref() and source()) and a chart spec. Checked here, with the exposure's file and line on errors.
 *
 *     meta:
 *       dashboards:
 *         - name: genre_year_ratings
 *           title: Average rating by genre and release year
 *           query: select genre, release_year, avg_rating from {{ ref('rpt_genre_year_ratings') }}
 *           chart: {type: heatmap, x: release_year, y: genre, value: avg_rating, tooltip: [rating_count]}
 */
import { DailiesError } from '../../errors.js';
import type { Manifest } from '../../graph/types.js';
import type { AxisSpec, ChartSpec } from '../site-types.js';

export interface DashboardDefinition {
  name: string;
  title: string;
  description: string;
  exposure: string;
  dependsOn: string[];
  query: string;
  chart: ChartSpec;
}

const NAME = /^[a-z][a-z0-9_]*$/;

export function dashboardDefinitions(manifest: Manifest): DashboardDefinition[] {
  const out: DashboardDefinition[] = [];
  const seen = new Map<string, string>();
  for (const exposure of Object.values(manifest.exposures).sort((a, b) => a.unique_id.localeCompare(b.unique_id))) {
    const list = exposure.meta?.dashboards;
    if (list === undefined) continue;
    const fail = (message: string): never => {
      throw new DailiesError('yaml', `exposure '${exposure.name}': ${message}`, {
        place: exposure.dailies?.place,
        hint: 'each entry of meta.dashboards needs name, title, query and chart {type: heatmap|bar, …}; see docs/docs-site.md',
      });
    };
    if (!Array.isArray(list)) fail('meta.dashboards must be a list');
    for (const [index, raw] of (list as unknown[]).entries()) {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`meta.dashboards[${index}] must be a mapping`);
      const entry = raw as Record<string, unknown>;
      const name = text(entry.name);
      if (!NAME.test(name)) fail(`meta.dashboards[${index}].name must be lower-case letters, digits and _ (got '${name}')`);
      if (seen.has(name)) fail(`dashboard name '${name}' is also used by exposure '${seen.get(name)}'`);
      seen.set(name, exposure.name);
      const query = text(entry.query);
      if (query.trim() === '') fail(`dashboard '${name}' needs a query`);
      out.push({
        name,
        title: text(entry.title) || name,
        description: text(entry.description),
        exposure: exposure.unique_id,
        dependsOn: exposure.depends_on.nodes,
        query,
        chart: chartSpec(entry.chart, (message) => fail(`dashboard '${name}': ${message}`)),
      });
    }
  }
  return out;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function chartSpec(raw: unknown, fail: (message: string) => never): ChartSpec {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail('chart must be a mapping with a type');
  const chart = raw as Record<string, unknown>;
  const axis = (key: string): AxisSpec => {
    const value = chart[key];
    if (typeof value === 'string' && value !== '') return { field: value, title: value };
    if (value && typeof value === 'object' && typeof (value as Record<string, unknown>).field === 'string') {
      const spec = value as Record<string, unknown>;
      return { field: String(spec.field), title: text(spec.title) || String(spec.field) };
    }
    return fail(`chart.${key} must name a column (a string, or {field, title})`);
  };
  const tooltip = Array.isArray(chart.tooltip) ? chart.tooltip.map((_, index) => axisOf(chart.tooltip as unknown[], index, fail)) : [];
  if (chart.type === 'heatmap') {
    const value = axis('value');
    const format = (chart.value as Record<string, unknown> | undefined)?.format;
    return { type: 'heatmap', x: axis('x'), y: axis('y'), value: format === 'percent' ? { ...value, format: 'percent' } : value, tooltip };
  }
  if (chart.type === 'bar') {
    const top = chart.top === undefined ? 15 : Number(chart.top);
    if (!Number.isInteger(top) || top < 1) fail('chart.top must be a whole number of at least 1');
    return { type: 'bar', category: axis('category'), value: axis('value'), period: axis('period'), top, tooltip };
  }
  return fail(`chart.type must be heatmap or bar (got '${text(chart.type)}')`);
}

function axisOf(list: unknown[], index: number, fail: (message: string) => never): AxisSpec {
  const value = list[index];
  if (typeof value === 'string') return { field: value, title: value };
  if (value && typeof value === 'object' && typeof (value as Record<string, unknown>).field === 'string') {
    const spec = value as Record<string, unknown>;
    return { field: String(spec.field), title: text(spec.title) || String(spec.field) };
  }
  return fail(`chart.tooltip[${index}] must name a column`);
}

