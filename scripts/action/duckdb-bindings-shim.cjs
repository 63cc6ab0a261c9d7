/* global module, require */
/* eslint-disable @typescript-eslint/no-require-imports */
// Stands in for `@duckdb/node-bindings` inside dist/action.js (see scripts/build-action.js): the
// native binding is not bundled; dist/index.js installs it for the runner's platform and passes
// its path in DAILIES_DUCKDB_BINDING before it loads dist/action.js.
const binding = process.env.DAILIES_DUCKDB_BINDING;
if (!binding) throw new Error("dailies: DuckDB's native binding is not installed; start the Action through dist/index.js");
module.exports = require(binding);
