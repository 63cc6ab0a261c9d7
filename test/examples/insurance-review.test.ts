/**
 * The pull-request review on the insurance example: a branch that loosens a fraud rule gets a
 * review whose data diff of rpt_fraud_signals counts exactly the claims the new rule flags.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo/run-demo.js';
import { loadProject } from '../../src/project/index.js';
import { renderReport } from '../../src/review/report/index.js';
import { runReview } from '../../src/review/run-review.js';
import { createProjectRepo, withWarehouse, type MovieRepo } from '../fixtures/movie-repo.js';
import { insuranceExample } from './insurance-project.js';

const FRAUD = 'model.insurance_analytics.rpt_fraud_signals';
let repo: MovieRepo;

beforeAll(async () => {
  repo = createProjectRepo(insuranceExample, 'dailies-insurance-repo-');
  const project = await loadProject({ projectDir: repo.dir, env: {} });
  const demo = await runDemo({ project, targetDir: path.join(repo.dir, 'target'), scale: 0.01, days: 1 });
  expect(demo.failed).toBe(false);
}, 120_000);
afterAll(() => repo?.dispose());

describe('reviewing a change to the fraud rules', () => {
  it('diffs the flagged claims: newly flagged claims added, already flagged ones changed', async () => {
    const [newlyFlagged, reflagged] = await withWarehouse(repo, async (adapter) => {
      const loosened = `select claim_id from main.fct_claims where product_code <> 'LIF' and claimed_amount >= 0.8 * sum_insured and claimed_amount < 0.9 * sum_insured`;
      const count = async (sql: string) => Number(Object.values((await adapter.execute(sql)).rows[0]!)[0]);
      return [
        await count(`select count(*) from (${loosened}) where claim_id not in (select claim_id from main.rpt_fraud_signals)`),
        await count(`select count(*) from (${loosened}) where claim_id in (select claim_id from main.rpt_fraud_signals)`),
      ];
    });
    expect(newlyFlagged).toBeGreaterThan(0);

    repo.git('checkout', '--quiet', '-b', 'looser-fraud-rule', 'main');
    repo.edit('models/marts/reporting/rpt_fraud_signals.sql', (sql) => sql.replace("{{ var('fraud_near_sum_insured_share') }} * sum_insured", "({{ var('fraud_near_sum_insured_share') }} - 0.1) * sum_insured"));
    repo.commit('Flag claims from 80% of the sum insured');
    const review = await runReview({ projectDir: repo.dir, env: {}, baseRef: 'main', pr: { number: 7, title: 'Looser fraud rule' } });
    repo.git('checkout', '--quiet', 'main');

    expect(review.error).toBeUndefined();
    expect(review.changes.map((change) => [change.uniqueId, change.reasons])).toEqual([[FRAUD, ['body']]]);
    const diff = review.diffs.find((candidate) => candidate.uniqueId === FRAUD)!;
    expect(diff.primaryKey).toEqual(['claim_id']);
    expect(diff.keyed).toMatchObject({ added: newlyFlagged, removed: 0, changed: reflagged });
    const report = renderReport(review, { maxChars: 65536 }).markdown;
    expect(report).toContain('rpt_fraud_signals');
    expect(report).toContain(`${newlyFlagged} added`);
    // the fraud dashboard fed by the model is named in the lineage
    expect(report).toContain('Fraud signals by rule');
  }, 120_000);
});
