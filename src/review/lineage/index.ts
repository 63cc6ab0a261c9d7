export { buildLineage } from './build-lineage.js';
export { renderMermaid, mermaidLabel, type MermaidOptions } from './mermaid.js';
export { sqlUsage, usesColumn, type SqlUsage } from './sql-identifiers.js';
