/**
 * The missed-promotion suite: random sequences of merges where promotions are skipped, fail their
 * audit or are cancelled; after every promotion that succeeds, production equals a fresh build of
 * main (every relation checksummed). Seeded, so a failure can be replayed.
 */
import { describe, expect, it } from 'vitest';
import { runMissedPromotionSuite } from '../../bench/reliability/missed-promotions.js';
import { main } from '../../src/cli/main.js';
import { promote } from '../../src/review/promote.js';

describe('missed promotions', () => {
  it('20 merges with skipped, failed and cancelled promotions: production equals a fresh build of main after each success', async () => {
    const { counts, history } = await runMissedPromotionSuite({ main, promote }, { merges: 20, seed: 7 });
    expect(history.filter((entry) => entry.differences.length > 0)).toEqual([]);
    expect(counts.merges).toBe(20);
    expect(counts.mismatches).toBe(0);
    expect(counts.comparisons).toBeGreaterThanOrEqual(2);
    expect(counts.skipped + counts.failed + counts.cancelled).toBeGreaterThan(0);
  }, 120_000);

  it('a skipped, a failed and a cancelled promotion in a row are all repaired by the next one', async () => {
    const { counts, history } = await runMissedPromotionSuite({ main, promote }, { merges: 4, seed: 3, actions: ['skip', 'fail', 'cancel', 'promote'] });
    expect(counts).toMatchObject({ skipped: 1, failed: 1, mismatches: 0 });
    expect(history.at(-2)).toMatchObject({ action: 'promote', status: 'published', differences: [] });
  }, 60_000);
});

describe('the comparison itself', () => {
  it('catches the old behaviour: comparing with HEAD^ instead of the record leaves production behind', async () => {
    const headParent = (options: Parameters<typeof promote>[0]) => promote({ ...options, baseRef: 'HEAD^' });
    // no cancel in this sequence: nothing depends on timing
    const { counts, history } = await runMissedPromotionSuite({ main, promote: headParent }, { merges: 3, seed: 1, actions: ['skip', 'skip', 'promote'] });
    expect(counts.mismatches).toBeGreaterThan(0);
    expect(history[2]!.differences.length).toBeGreaterThan(0);
  }, 60_000);
});
