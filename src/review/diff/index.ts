export { diffModel, type DiffModelOptions } from './diff-model.js';
export { primaryKeyFor, type PrimaryKey } from './primary-key.js';
export { compareSchemas, type ComparedColumn, type SchemaComparison } from './schema-compare.js';
