/**
 * ECharts, with only the pieces the dashboards use (heat map, bars, SVG renderer). Chosen over
 * Vega-Lite and Observable Plot for its built-in tooltips, visual-map legends and ARIA
 * descriptions of charts, and because the SVG renderer leaves each data point in the DOM.
 */
import { BarChart, HeatmapChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { charts } from './registry.js';

echarts.use([HeatmapChart, BarChart, GridComponent, TooltipComponent, VisualMapComponent, AriaComponent, SVGRenderer]);

export type Chart = echarts.ECharts;


export function createChart(element: HTMLElement, name: string): Chart {
  charts.get(name)?.dispose();
  const chart = echarts.init(element, undefined, { renderer: 'svg' });
  charts.set(name, chart);
  new ResizeObserver(() => chart.resize()).observe(element);
  return chart;
}

/** Colour-blind-safe sequential palette (viridis stops), light to dark. */
export const SEQUENTIAL = ['#fde725', '#b5de2b', '#6ece58', '#35b779', '#1f9e89', '#26828e', '#31688e', '#3e4989', '#482878', '#440154'];
