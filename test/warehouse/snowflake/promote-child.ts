/**
 * A promotion in its own process, so a test can kill -9 it mid-way: bundled by pr-loop.test.ts with
 * esbuild and run as `node promote-child.mjs <projectDir> <profilesDir>`.
 */
import { promote } from '../../../src/review/promote.js';

const [projectDir, profilesDir] = process.argv.slice(2);
const result = await promote({ projectDir: projectDir!, profilesDir, env: {} });
process.stdout.write(`${JSON.stringify({ status: result.status, error: result.error ?? null })}\n`);
