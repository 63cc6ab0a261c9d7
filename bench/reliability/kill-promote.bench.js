#!/usr/bin/env node
/**
 * kill -9 during `dailies promote`, then the next promotion: `--kills N` times (default 20), a
 * merge changes a model (one of them slow enough to be mid-build), `node bin/dailies.js promote`
 * starts in a child process and gets SIGKILL after a random 200–2500 ms; the staging schemas
 * (`main_wap_*`) it leaves are counted, then a promotion runs to the end in this process. After it:
 * no staging schema may remain and production must equal a fresh build of main (every relation
 * checksummed; the snapshot, whose rows carry the time they were taken, excepted).
 *
 *   npm run build && node bench/reliability/kill-promote.bench.js [--kills 20] [--seed 1]
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom } from './missed-promotions.js';
import { BASE_FILES, checksumDifferences, createTinyRepo, databaseChecksums } from './tiny-project.js';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '20' }, seed: { type: 'string', default: '1' } } });
const bin = fileURLToPath(new URL('../../bin/dailies.js', import.meta.url));
const { main } = await import('../../lib/cli/main.js');
const { openAdapter } = await import('../../lib/warehouse/index.js');
const random = seededRandom(Number(values.seed));

const slow = (k) => `select sum(i % ${k + 7}) as total, ${k} as k from range(40000000) as t(i)\n`;
const repo = createTinyRepo({ ...BASE_FILES, 'models/slow_sum.sql': slow(0) });
const io = { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: repo.dir };
const counts = { kills: 0, killedBeforeExit: 0, leftoversAfterKill: 0, leftoversAfterNextRun: 0, failedNextRuns: 0, comparisons: 0, mismatches: 0 };

async function stagingSchemas() {
  const adapter = await openAdapter({ name: 'prod', type: 'duckdb', path: repo.prodPath, schema: 'main', threads: 1 });
  try {
    return (await adapter.listSchemas(null)).filter((schema) => schema.startsWith('main_wap_'));
  } finally {
    await adapter.close();
  }
}

function promoteThenKill(afterMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'promote', '--project-dir', repo.dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code, stderr });
    });
  });
}

const started = performance.now();
try {
  if ((await main(['promote', '--project-dir', repo.dir], io)) !== 0) throw new Error('the first promotion failed');
  for (let round = 1; round <= Number(values.kills); round++) {
    repo.write('models/slow_sum.sql', slow(round));
    repo.write('models/stg_users.sql', `select user_id, name, country, ${round} as round from {{ ref('users') }}\n`);
    repo.commit(`merge ${round}`);
    const { killed, code: childCode, stderr } = await promoteThenKill(200 + Math.floor(random() * 2300));
    if (!killed && childCode !== 0) console.log(`  the promotion exited ${childCode} before the kill: ${stderr.trim().split('\n')[0]}`);
    counts.kills += 1;
    if (killed) counts.killedBeforeExit += 1;
    const left = await stagingSchemas();
    if (left.length > 0) counts.leftoversAfterKill += 1;
    const code = await main(['promote', '--project-dir', repo.dir], io);
    if (code !== 0) counts.failedNextRuns += 1;
    const after = await stagingSchemas();
    if (after.length > 0) counts.leftoversAfterNextRun += 1;
    rmSync(repo.freshPath, { force: true });
    rmSync(`${repo.freshPath}.wal`, { force: true });
    if ((await main(['build', '--target', 'fresh', '--project-dir', repo.dir], io)) !== 0) throw new Error('the fresh build failed');
    const differences = checksumDifferences(
      await databaseChecksums(repo.freshPath, { skipSchemas: ['dailies_state'] }),
      await databaseChecksums(repo.prodPath, { skipSchemas: ['dailies_state'] }),
    ).filter((key) => key !== 'table main.users_snapshot');
    counts.comparisons += 1;
    if (differences.length > 0) counts.mismatches += 1;
    console.log(`kill ${round}: ${killed ? 'killed mid-run' : 'finished before the kill'}, left ${left.length ? left.join(', ') : 'nothing'}; next promote exit ${code}, staging left after it ${after.length}, differences from a fresh build: ${differences.length ? differences.join(', ') : 'none'}`);
  }
} finally {
  repo.dispose();
}
console.log(`\nkills: ${counts.kills} (${counts.killedBeforeExit} mid-run), runs that left staging schemas: ${counts.leftoversAfterKill}, leftovers after the next promote: ${counts.leftoversAfterNextRun}, next promotes that failed: ${counts.failedNextRuns}, mismatches with a fresh build: ${counts.mismatches}/${counts.comparisons} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
process.exitCode = counts.leftoversAfterNextRun === 0 && counts.mismatches === 0 && counts.failedNextRuns === 0 ? 0 : 1;
