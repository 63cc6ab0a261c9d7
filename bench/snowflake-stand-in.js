/**
 * Starts the local Snowflake stand-in (test/fixtures/snowflake/front.py in its venv) for a
 * benchmark, on a free 127.0.0.1 port. Needs the venv: bash test/fixtures/snowflake/venv.sh
 */
/* global fetch */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'snowflake');

export async function startStandIn() {
  const python = execFileSync('bash', [path.join(fixtures, 'venv.sh')], { encoding: 'utf8' }).trim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dailies-sf-bench-'));
  const portFile = path.join(dir, 'port');
  const child = spawn(python, [path.join(fixtures, 'front.py'), '--port', '0', '--port-file', portFile], { stdio: 'ignore' });
  const deadline = Date.now() + 30_000;
  while (!fs.existsSync(portFile) || fs.readFileSync(portFile, 'utf8').trim() === '') {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the Snowflake stand-in did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = `http://127.0.0.1:${fs.readFileSync(portFile, 'utf8').trim()}`;
  return {
    url,
    async statements() {
      return (await (await fetch(`${url}/dailies/statements`)).json()).statements;
    },
    async resetStatements() {
      await fetch(`${url}/dailies/statements`, { method: 'DELETE' });
    },
    async copyFromDuckDB(file, sourceSchema, database, schema) {
      const response = await fetch(`${url}/dailies/copy-from-duckdb`, { method: 'POST', body: JSON.stringify({ path: file, sourceSchema, database, schema }) });
      if (!response.ok) throw new Error(await response.text());
    },
    stop() {
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
