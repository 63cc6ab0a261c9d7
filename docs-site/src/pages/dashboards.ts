/** The dashboards the project defines: a list, and one page per dashboard with its chart and data table. */
import type { DashboardData, DashboardSummary } from '../../../src/docs/site-types.js';
import { distinctSorted, formatValue } from '../charts/format.js';
import { rankedRows } from '../charts/rank.js';
import { loadDashboard, type Site } from '../data.js';
import { formatTime, h } from '../dom.js';
import { markdown, summary } from '../markdown.js';
import { memberLink } from './parts.js';

const TABLE_ROWS = 500;

export function dashboardsPage(site: Site): HTMLElement {
  const list = site.data.dashboards;
  return h(
    'div',
    { class: 'page' },
    h('h1', {}, 'Dashboards'),
    list.length === 0
      ? h('p', { class: 'muted' }, 'This project defines no dashboards (see meta.dashboards of an exposure).')
      : h('ul', { class: 'cards' }, list.map((dashboard) => h('li', {}, h('a', { href: `#/dashboards/${dashboard.name}` }, h('h2', {}, dashboard.title), h('p', {}, summary(dashboard.description)), dashboard.hasData ? null : h('p', { class: 'error' }, `No data: ${dashboard.error ?? 'unknown'}`))))),
  );
}

export function dashboardPage(site: Site, name: string): HTMLElement {
  const dashboard = site.data.dashboards.find((candidate) => candidate.name === name);
  if (!dashboard) return h('div', { class: 'page' }, h('h1', {}, 'No such dashboard'), h('p', {}, h('a', { href: '#/dashboards' }, 'All dashboards')));
  const built = h('p', { class: 'muted built' }, 'Loading data…');
  const body = h('div', { class: 'dashboard-body' });
  const page = h(
    'article',
    { class: 'page dashboard', 'data-dashboard': name },
    h('p', { class: 'eyebrow' }, h('a', { href: '#/dashboards' }, 'Dashboards')),
    h('h1', { id: 'dashboard-title' }, dashboard.title),
    markdown(dashboard.description),
    built,
    body,
    h('p', { class: 'muted' }, 'Part of ', memberLink(site, dashboard.exposure), '; reads ', dashboard.dependsOn.map((id, index) => [index > 0 ? ', ' : '', memberLink(site, id)]), '.'),
  );
  if (!dashboard.hasData) {
    built.textContent = `No data was exported: ${dashboard.error ?? 'unknown reason'}.`;
    return page;
  }
  // ECharts is loaded with the first dashboard, not with the site.
  Promise.all([loadDashboard(name), import('../charts/heatmap.js'), import('../charts/bars.js')])
    .then(([data, { renderHeatmap }, { renderBars }]) => {
      built.textContent = `Data built ${formatTime(data.builtAt)} · exported ${formatTime(data.exportedAt)} · ${data.rows.length.toLocaleString('en-US')} rows`;
      render(body, dashboard, data, { renderHeatmap, renderBars });
    })
    .catch((error: Error) => {
      built.textContent = `The data could not be loaded: ${error.message}`;
    });
  return page;
}

interface Renderers {
  renderHeatmap: typeof import('../charts/heatmap.js').renderHeatmap;
  renderBars: typeof import('../charts/bars.js').renderBars;
}

function render(body: HTMLElement, dashboard: DashboardSummary, data: DashboardData, { renderHeatmap, renderBars }: Renderers): void {
  const chartBox = h('div', { class: 'chart', id: `chart-${dashboard.name}`, 'data-chart': dashboard.name });
  const figure = h('figure', { 'aria-labelledby': 'dashboard-title' }, chartBox, h('figcaption', { class: 'visually-hidden' }, `${dashboard.title}. The table below lists the data the chart shows.`));
  const tableBox = h('div', { class: 'table-wrap' });
  const spec = dashboard.chart;
  if (spec.type === 'heatmap') {
    body.append(figure, h('details', { class: 'data-table' }, h('summary', {}, 'Data table'), tableBox));
    requestAnimationFrame(() => renderHeatmap(chartBox, dashboard.name, dashboard.title, spec, data));
    tableBox.append(table(data, [spec.y, spec.x, spec.value, ...spec.tooltip], data.rows, spec.value.format));
    return;
  }
  const periods = distinctSorted(data.rows.map((row) => row[data.columns.indexOf(spec.period.field)]));
  const picker = h('select', { id: `period-${dashboard.name}` }, periods.map((period, index) => h('option', { value: String(index) }, formatValue(period))));
  picker.value = String(periods.length - 1);
  const draw = () => {
    const period = periods[Number(picker.value)];
    renderBars(chartBox, dashboard.name, dashboard.title, spec, data, period);
    tableBox.replaceChildren(table(data, [spec.category, spec.value, ...spec.tooltip], rankedRows(spec, data, period)));
  };
  picker.addEventListener('change', draw);
  body.append(h('p', { class: 'controls' }, h('label', { for: picker.id }, `${spec.period.title} `), picker), figure, h('details', { class: 'data-table' }, h('summary', {}, 'Data table'), tableBox));
  requestAnimationFrame(draw);
}

function table(data: DashboardData, axes: { field: string; title: string }[], rows: unknown[][], valueFormat?: 'number' | 'percent'): HTMLElement {
  const indexes = axes.map((axis) => data.columns.indexOf(axis.field));
  const shown = rows.slice(0, TABLE_ROWS);
  return h(
    'div',
    {},
    h(
      'table',
      { class: 'data' },
      h('thead', {}, h('tr', {}, axes.map((axis) => h('th', { scope: 'col', 'data-field': axis.field }, axis.title)))),
      h('tbody', {}, shown.map((row) => h('tr', {}, indexes.map((index, i) => h('td', { 'data-field': axes[i]!.field }, formatValue(row[index], i === 2 ? valueFormat : undefined)))))),
    ),
    rows.length > shown.length ? h('p', { class: 'muted' }, `First ${TABLE_ROWS} of ${rows.length} rows.`) : null,
  );
}
