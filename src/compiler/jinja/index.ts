/**
 * The dbt-compatible template environment: `createJinjaEnvironment` (see types.ts for the
 * contract) and `callArguments` for context functions that take keyword arguments.
 */
export { createJinjaEnvironment } from './environment.js';
export { callArguments } from './call-arguments.js';
export { DBT_VERSION } from './builtin-globals.js';
export type * from './types.js';
