/** A heat map dashboard: x and y categories, a colour per cell, a legend of the colour scale. */
import type { ChartSpec, DashboardData } from '../../../src/docs/site-types.js';
import { createChart, SEQUENTIAL } from './echarts.js';
import { distinctSorted, formatValue } from './format.js';

type HeatmapSpec = Extract<ChartSpec, { type: 'heatmap' }>;

export function renderHeatmap(element: HTMLElement, name: string, title: string, spec: HeatmapSpec, data: DashboardData): void {
  const column = (field: string) => data.columns.indexOf(field);
  const [xi, yi, vi] = [column(spec.x.field), column(spec.y.field), column(spec.value.field)];
  const tips = spec.tooltip.map((axis) => ({ axis, index: column(axis.field) }));
  const xs = distinctSorted(data.rows.map((row) => row[xi]));
  const ys = distinctSorted(data.rows.map((row) => row[yi]));
  const xIndex = new Map(xs.map((value, index) => [value, index]));
  const yIndex = new Map(ys.map((value, index) => [value, index]));
  const cells = data.rows.filter((row) => typeof row[vi] === 'number').map((row) => [xIndex.get(row[xi])!, yIndex.get(row[yi])!, row[vi] as number, ...tips.map((tip) => row[tip.index])]);
  const values = cells.map((cell) => cell[2] as number);
  const min = values.length > 0 ? Math.min(...values) : 0;
  const max = values.length > 0 ? Math.max(...values) : 1;
  // Tall enough for every row label: 18 px a row, between 420 and 1400 px.
  element.style.height = `${Math.min(1400, Math.max(420, ys.length * 18 + 150))}px`;
  const chart = createChart(element, name);
  chart.setOption({
    aria: { enabled: true, label: { description: `${title}: a heat map of ${spec.value.title} by ${spec.x.title} (${xs.length} values) and ${spec.y.title} (${ys.length} values), from ${formatValue(min, spec.value.format)} to ${formatValue(max, spec.value.format)}. The data table below the chart lists every cell.` } },
    grid: { left: 8, right: 16, top: 32, bottom: 90, containLabel: true },
    tooltip: {
      position: 'top',
      formatter: (params: { data: unknown[] }) => {
        const cell = params.data;
        const lines = [
          `${spec.y.title}: <b>${escapeHtml(formatValue(ys[cell[1] as number]))}</b>`,
          `${spec.x.title}: <b>${escapeHtml(formatValue(xs[cell[0] as number]))}</b>`,
          `${spec.value.title}: <b>${escapeHtml(formatValue(cell[2], spec.value.format))}</b>`,
          ...tips.map((tip, index) => `${escapeHtml(tip.axis.title)}: ${escapeHtml(formatValue(cell[3 + index]))}`),
        ];
        return lines.join('<br>');
      },
    },
    xAxis: { type: 'category', data: xs.map((value) => formatValue(value)), name: spec.x.title, nameLocation: 'middle', nameGap: 30, splitArea: { show: true } },
    yAxis: { type: 'category', inverse: true, data: ys.map((value) => formatValue(value)), name: spec.y.title, nameLocation: 'start', splitArea: { show: true } },
    visualMap: {
      dimension: 2,
      min,
      max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      text: [formatValue(max, spec.value.format), `${spec.value.title}: ${formatValue(min, spec.value.format)}`],
      inRange: { color: SEQUENTIAL },
      formatter: (value: number) => formatValue(value, spec.value.format),
    },
    series: [{ name: spec.value.title, type: 'heatmap', data: cells, emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } } }],
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
