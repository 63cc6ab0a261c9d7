#!/usr/bin/env node
/**
 * The hostile-PR reliability suite, run on the built code (lib/): every PR in hostile-prs.js is
 * reviewed with `dailies ci` against a real DuckDB production built by `dailies promote`; prints
 * one line per PR and the counts (PRs, production changes, attempts reported as failures, files
 * leaked). Exits 1 when any production relation changed, a file leaked or an attempt went unreported.
 *
 *   npm run build && node bench/reliability/hostile-prs.bench.js
 */
import { runHostileSuite } from './hostile-prs.js';

const { main } = await import('../../lib/cli/main.js');
const started = performance.now();
const { totals } = await runHostileSuite(main, {
  onOutcome(outcome) {
    const verdict = outcome.changed.length === 0 && outcome.leaked.length === 0 && outcome.reported ? 'ok  ' : 'FAIL';
    const failed = outcome.status === 'error' ? 'review refused' : `failed: ${outcome.failedNodes.join(', ')}`;
    console.log(`${verdict} ${outcome.name} — exit ${outcome.exitCode}, ${failed}, production changes ${outcome.changed.length}${outcome.changed.length ? ` (${outcome.changed.join(', ')})` : ''}`);
  },
});
console.log(`\nhostile PRs: ${totals.prs}, production changes: ${totals.productionChanges}, reported as failures: ${totals.reportedAsFailure}/${totals.prs}, files leaked: ${totals.leakedFiles} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
process.exitCode = totals.productionChanges === 0 && totals.leakedFiles === 0 && totals.reportedAsFailure === totals.prs ? 0 : 1;
