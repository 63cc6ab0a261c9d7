/**
 * The hostile-PR suite: pull requests that try to write, drop or exfiltrate production through
 * hooks, run_query, macros, schema/database overrides, model SQL, seeds, snapshots and DuckDB
 * statements, each reviewed through the real `dailies ci` path against a real DuckDB production.
 * Every production relation is checksummed before and after each review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_PRS, runHostileSuite, type HostileOutcome } from '../../bench/reliability/hostile-prs.js';
import { DIM_USERS } from '../../bench/reliability/tiny-project.js';
import { main } from '../../src/cli/main.js';

let outcomes: HostileOutcome[] = [];
let totals: Awaited<ReturnType<typeof runHostileSuite>>['totals'];

beforeAll(async () => {
  const honest = { name: 'an honest change (control)', files: { 'models/dim_users.sql': DIM_USERS.replace('count(ratings.rating_id)', 'count(distinct ratings.rating_id)') }, fails: 'none' };
  ({ outcomes, totals } = await runHostileSuite(main, { variants: [honest, ...HOSTILE_PRS] }));
}, 240_000);
afterAll(() => undefined);

describe('hostile pull requests', () => {
  it('there are at least 30 of them', () => {
    expect(HOSTILE_PRS.length).toBeGreaterThanOrEqual(30);
    expect(totals.prs).toBe(HOSTILE_PRS.length + 1);
  });

  it('an honest change in the same setup passes and changes nothing in production', () => {
    const control = outcomes[0]!;
    expect(control, control.log).toMatchObject({ exitCode: 0, status: 'success', changed: [] });
  });

  it.each(HOSTILE_PRS.map((variant) => [variant.name, variant.fails]))('%s: production unchanged, reported as a failure of %s', (name) => {
    const outcome = outcomes.find((candidate) => candidate.name === name)!;
    const detail = `status ${outcome.status}, failed ${outcome.failedNodes.join(', ')}, error ${outcome.error}\n${outcome.log}`;
    expect(outcome.changed, detail).toEqual([]);
    expect(outcome.leaked, detail).toEqual([]);
    expect(outcome.exitCode, detail).toBe(1);
    expect(outcome.reported, detail).toBe(true);
  });

  it('in total: 0 production changes, every attempt reported', () => {
    expect(totals).toEqual({ prs: HOSTILE_PRS.length + 1, productionChanges: 0, reportedAsFailure: HOSTILE_PRS.length, leakedFiles: 0 });
  });
});
