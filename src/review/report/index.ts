export { renderReport, COMMENT_MAX_CHARS, DEFAULT_MARKER, type RenderReportOptions } from './render-report.js';
export { renderSummaryLine } from './summary-line.js';
export { code as markdownCode, fence as markdownFence, html as escapeHtml, text as escapeMarkdown } from './escape.js';
