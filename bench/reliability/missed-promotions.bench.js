#!/usr/bin/env node
/**
 * The missed-promotion reliability suite on the built code (lib/): `--sequences N` seeded random
 * sequences of `--merges M` merges each (default 5 × 25), promotions run, skipped, failed or
 * cancelled at random; after every successful promotion production is compared with a fresh build
 * of main. Prints the counts; exits 1 on any mismatch.
 *
 *   npm run build && node bench/reliability/missed-promotions.bench.js [--sequences 5] [--merges 25] [--seed 1]
 */
import { parseArgs } from 'node:util';
import { runMissedPromotionSuite } from './missed-promotions.js';

const { values } = parseArgs({ options: { sequences: { type: 'string', default: '5' }, merges: { type: 'string', default: '25' }, seed: { type: 'string', default: '1' } } });
const { main } = await import('../../lib/cli/main.js');
const { promote } = await import('../../lib/review/promote.js');
const total = { sequences: 0, merges: 0, promoted: 0, skipped: 0, failed: 0, cancelled: 0, cancelledAfterPublish: 0, comparisons: 0, mismatches: 0 };
const started = performance.now();
for (let index = 0; index < Number(values.sequences); index++) {
  const seed = Number(values.seed) + index;
  const { counts, history } = await runMissedPromotionSuite({ main, promote }, { merges: Number(values.merges), seed });
  total.sequences += 1;
  for (const key of Object.keys(counts)) total[key] += counts[key];
  console.log(`seed ${seed}: ${history.map((entry) => (entry.action === 'skip' ? 's' : entry.action === 'fail' ? 'f' : entry.action === 'cancel' ? (entry.status === 'failed' ? 'c' : 'C') : 'p')).join('')} — ${JSON.stringify(counts)}`);
  for (const entry of history.filter((candidate) => candidate.differences.length > 0)) console.log(`  MISMATCH after merge ${entry.step}: ${entry.differences.join(', ')}`);
}
console.log(`\nsequences: ${total.sequences}, merges: ${total.merges}, promotions published: ${total.promoted}, skipped: ${total.skipped}, failed: ${total.failed}, cancelled: ${total.cancelled} (+${total.cancelledAfterPublish} that finished before the cancel), comparisons with a fresh build: ${total.comparisons}, mismatches: ${total.mismatches} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
process.exitCode = total.mismatches === 0 ? 0 : 1;
