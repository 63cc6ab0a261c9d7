/** A ranked-bars dashboard: one period (e.g. month) at a time, the top categories by value. */
import type { ChartSpec, DashboardData } from '../../../src/docs/site-types.js';
import { createChart } from './echarts.js';
import { formatValue } from './format.js';
import { rankedRows } from './rank.js';
import { escapeHtml } from './heatmap.js';

type BarSpec = Extract<ChartSpec, { type: 'bar' }>;

export function renderBars(element: HTMLElement, name: string, title: string, spec: BarSpec, data: DashboardData, period: unknown): void {
  const [ci, vi] = [data.columns.indexOf(spec.category.field), data.columns.indexOf(spec.value.field)];
  const tips = spec.tooltip.map((axis) => ({ axis, index: data.columns.indexOf(axis.field) }));
  const rows = rankedRows(spec, data, period);
  const chart = createChart(element, name);
  chart.setOption({
    aria: { enabled: true, label: { description: `${title}, ${spec.period.title} ${formatValue(period)}: ${spec.value.title} of the top ${rows.length} by ${spec.category.title}, ${rows.map((row) => `${formatValue(row[ci])} ${formatValue(row[vi])}`).join('; ')}.` } },
    grid: { left: 8, right: 40, top: 10, bottom: 40, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (params: { dataIndex: number }) => {
        const row = rows[params.dataIndex]!;
        return [
          `<b>${escapeHtml(formatValue(row[ci]))}</b>`,
          `${escapeHtml(spec.value.title)}: ${escapeHtml(formatValue(row[vi]))}`,
          ...tips.map((tip) => `${escapeHtml(tip.axis.title)}: ${escapeHtml(formatValue(row[tip.index]))}`),
        ].join('<br>');
      },
    },
    xAxis: { type: 'value', name: spec.value.title, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'category', inverse: true, data: rows.map((row) => formatValue(row[ci])), name: spec.category.title, nameLocation: 'end' },
    series: [{ name: spec.value.title, type: 'bar', data: rows.map((row) => row[vi]), itemStyle: { color: '#31688e' }, label: { show: true, position: 'right', formatter: (p: { value: unknown }) => formatValue(p.value) } }],
  });
}
