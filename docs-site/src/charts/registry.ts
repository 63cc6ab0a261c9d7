/**
 * Every chart on the page, by dashboard name (disposed on navigation; read by the browser tests and
 * handy in a console). Kept apart from ECharts, which is loaded only when a dashboard is opened.
 */
export interface ChartHandle {
  dispose(): void;
  getOption(): unknown;
}

export const charts = new Map<string, ChartHandle>();
