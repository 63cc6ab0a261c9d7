/**
 * The insurance example's compliance tests catch what they are for: a `--dirty` generation plants
 * a known number of each violation, and each regulatory test fails with exactly that count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { PLANTED_VIOLATIONS, generateInsuranceData, loadLandingZone, rawColumnTypes } from '../../src/ingest/index.js';
import { loadProject } from '../../src/project/index.js';
import { runBuild, type RunResults } from '../../src/run/index.js';
import { openAdapter } from '../../src/warehouse/index.js';
import { copyInsuranceProject, type ProjectCopy } from './insurance-project.js';

let copy: ProjectCopy;
let zone: string;
let results: RunResults;

beforeAll(async () => {
  copy = copyInsuranceProject('dailies-insurance-dirty-');
  zone = mkdtempSync(path.join(os.tmpdir(), 'dailies-insurance-zone-'));
  await generateInsuranceData({ outDir: zone, day: 1, scale: 0.01, dirty: true });
  const project = await loadProject({ projectDir: copy.dir, env: { HOME: copy.dir } });
  const adapter = await openAdapter(project.target);
  try {
    await loadLandingZone({ adapter, zone, columnTypes: rawColumnTypes(project, 'raw') });
    const compiler = await compileProject(project, { adapter });
    const select = Object.values(compiler.manifest.nodes)
      .filter((node) => ['model', 'seed', 'snapshot', 'test'].includes(node.resource_type))
      .map((node) => node.unique_id);
    results = await runBuild({ compiler, adapter, select, command: 'build', threads: 2, targetDir: path.join(copy.dir, 'target') });
  } finally {
    await adapter.close();
  }
}, 120_000);

afterAll(() => {
  copy?.dispose();
  rmSync(zone, { recursive: true, force: true });
});

const failuresOf = (prefix: string) => {
  const matches = results.results.filter((result) => result.resource_type === 'test' && result.name.startsWith(prefix));
  expect(matches, prefix).toHaveLength(1);
  return { status: matches[0]!.status, failures: matches[0]!.failures };
};

describe('the compliance tests on a dirty feed', () => {
  it.each([
    ['assessed_before_settlement_fct_claims', PLANTED_VIOLATIONS.settled_without_assessment],
    ['settled_within_window_or_explained_fct_claims', PLANTED_VIOLATIONS.settled_late_without_reason],
    ['paid_within_sum_insured_fct_claims', PLANTED_VIOLATIONS.paid_above_sum_insured],
    ['no_paid_claim_on_lapsed_policy_fct_claims', PLANTED_VIOLATIONS.paid_claim_on_lapsed_policy],
    ['amount_reconciles_fct_premiums', PLANTED_VIOLATIONS.premium_not_reconciled],
    ['shares_sum_to_stg_beneficiaries', PLANTED_VIOLATIONS.beneficiary_shares_not_100],
  ])('%s fails with the %i planted violations', (prefix, planted) => {
    expect(failuresOf(prefix)).toEqual({ status: 'fail', failures: planted });
  });

  it('fails nothing else: the other nodes pass, warn, or are skipped behind a failed test', () => {
    const compliance = ['assessed_before_settlement', 'settled_within_window', 'paid_within_sum_insured', 'no_paid_claim_on_lapsed', 'amount_reconciles', 'shares_sum_to'];
    const others = results.results.filter((result) => !compliance.some((prefix) => result.name.startsWith(prefix)));
    expect(others.filter((result) => !['pass', 'success', 'warn', 'skipped'].includes(result.status)).map((result) => result.name)).toEqual([]);
    expect(others.filter((result) => result.status === 'skipped').every((result) => /upstream/.test(result.skip_reason ?? ''))).toBe(true);
  });
});
