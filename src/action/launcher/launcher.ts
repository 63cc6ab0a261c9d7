/**
 * dist/index.js: what the runner starts. Makes DuckDB's native binding available (installed into
 * the Action's own folder, see native-binding.ts), then loads the Action itself (dist/action.js).
 * It imports nothing else, so it runs before any module that needs the binding is evaluated.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNativeBinding } from './native-binding.js';

const distDir = path.dirname(fileURLToPath(import.meta.url));
try {
  if (!process.env.DAILIES_DUCKDB_BINDING) {
    process.env.DAILIES_DUCKDB_BINDING = await ensureNativeBinding({
      distDir,
      registry: process.env.DAILIES_NPM_REGISTRY,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  }
} catch (error) {
  process.stdout.write(`::error::${String(error instanceof Error ? error.message : error).replace(/\r?\n/g, ' ')}\n`);
  process.exit(1);
}
const action = new URL('./action.js', import.meta.url).href;
await import(action);
