/**
 * The insurance example end to end on DuckDB: three days of generated data loaded and built by
 * the demo, then its marts checked against figures computed here from the landing-zone CSVs
 * alone (none of the project's SQL), and the SCD2 history of policies that changed on later days.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { runDemo, type DemoResult } from '../../src/demo/run-demo.js';
import { exportDashboard } from '../../src/docs/dashboards/export.js';
import { dashboardDefinitions } from '../../src/docs/dashboards/spec.js';
import { loadProject } from '../../src/project/index.js';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { openAdapter } from '../../src/warehouse/index.js';
import { copyInsuranceProject, epochDay, epochSeconds, landingRows, latestBy, type CsvRow, type ProjectCopy } from './insurance-project.js';

let copy: ProjectCopy;
let demo: DemoResult;
let adapter: Adapter;
let project: Awaited<ReturnType<typeof loadProject>>;

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await adapter.execute(sql)).rows;
}
const landing = (table: string) => landingRows(adapter, demo.landingZone, table);

beforeAll(async () => {
  copy = copyInsuranceProject('dailies-insurance-');
  project = await loadProject({ projectDir: copy.dir, env: { HOME: copy.dir } });
  demo = await runDemo({ project, targetDir: path.join(copy.dir, 'target'), scale: 0.01 });
  adapter = await openAdapter(project.target);
}, 120_000);

afterAll(async () => {
  await adapter?.close();
  copy?.dispose();
});

/** Claims and their events as the feed says, duplicates collapsed (the newest copy wins). */
async function claimsFromLanding() {
  const claims = latestBy(await landing('claims'), (row) => row.claim_id!);
  const events = [...latestBy(await landing('claim_events'), (row) => row.event_id!).values()];
  const first = (claimId: string, type: string) =>
    events.filter((e) => e.claim_id === claimId && e.event_type === type).sort((a, b) => a.event_at!.localeCompare(b.event_at!))[0];
  return { claims, events, first };
}

describe('the insurance demo', () => {
  it('builds three days with every model, snapshot and test passing or warning', () => {
    expect(demo.failed).toBe(false);
    expect(demo.days.map((day) => day.day)).toEqual([1, 2, 3]);
    for (const day of demo.days) {
      const statuses = new Set(day.build.results.map((result) => result.status));
      expect([...statuses].filter((status) => !['pass', 'success', 'warn'].includes(status))).toEqual([]);
      expect(day.build.results.length).toBeGreaterThan(90);
    }
    expect(demo.headlines.lines.some((line) => line.startsWith('claims settled within the mandated window'))).toBe(true);
  });

  it('counts days to settle for every settled claim as the claim events say', async () => {
    const { claims, first } = await claimsFromLanding();
    const expected = new Map<string, number>();
    for (const [claimId, claim] of claims) {
      const settled = first(claimId, 'settled');
      if (settled) expected.set(claimId, epochDay(settled.event_at!) - epochDay(claim.filed_at!));
    }
    expect(expected.size).toBeGreaterThan(100);
    const built = await query(`select claim_id, days_to_settle from main.fct_claims where claim_status = 'settled'`);
    expect(new Map(built.map((row) => [String(row.claim_id), Number(row.days_to_settle)]))).toEqual(expected);

    const monthly = await query(`select product_code, cast(settled_month as varchar) as month, claims_settled, avg_days_to_settle from main.rpt_settlement_times`);
    const policies = latestBy(await landing('policies'), (row) => row.policy_id!);
    const byCell = new Map<string, number[]>();
    for (const [claimId, days] of expected) {
      const product = policies.get(claims.get(claimId)!.policy_id!)!.product_code!;
      const cell = `${product} ${first(claimId, 'settled')!.event_at!.slice(0, 7)}-01`;
      byCell.set(cell, [...(byCell.get(cell) ?? []), days]);
    }
    expect(monthly.length).toBe(byCell.size);
    for (const row of monthly) {
      const days = byCell.get(`${row.product_code} ${row.month}`)!;
      expect(Number(row.claims_settled)).toBe(days.length);
      // the mart rounds the mean to one decimal
      expect(Math.abs(Number(row.avg_days_to_settle) - days.reduce((a, b) => a + b, 0) / days.length)).toBeLessThanOrEqual(0.05 + 1e-9);
    }
  });

  it('raises exactly the fraud signals the rules give when applied to the landing files', async () => {
    const { claims } = await claimsFromLanding();
    const policies = latestBy(await landing('policies'), (row) => row.policy_id!);
    const versions = [...latestBy(await landing('policy_versions'), (row) => `${row.policy_id}|${row.version_no}`).values()];
    const versionsOf = new Map<string, CsvRow[]>();
    for (const version of versions) versionsOf.set(version.policy_id!, [...(versionsOf.get(version.policy_id!) ?? []), version]);
    for (const list of versionsOf.values()) list.sort((a, b) => Number(a.version_no) - Number(b.version_no));
    const inForce = (policyId: string, at: number) => versionsOf.get(policyId)!.filter((v) => epochSeconds(v.effective_at!) <= at).at(-1);

    const claimList = [...claims.values()].map((claim) => {
      const policy = policies.get(claim.policy_id!)!;
      const incident = /^\d{4}-\d{2}-\d{2}$/.test(claim.incident_date!) && !Number.isNaN(epochDay(claim.incident_date!)) ? epochDay(claim.incident_date!) * 86_400 : null;
      const filed = epochSeconds(claim.filed_at!);
      const atIncident = incident === null ? undefined : inForce(claim.policy_id!, incident);
      return { claim, policy, filed, sumInsured: Number((atIncident ?? inForce(claim.policy_id!, filed))!.sum_insured) };
    });
    const holdersByAccount = new Map<string, Set<string>>();
    for (const { claim, policy } of claimList) {
      holdersByAccount.set(claim.payout_account!, (holdersByAccount.get(claim.payout_account!) ?? new Set()).add(policy.policyholder_id!));
    }
    const expected = new Map<string, string[]>();
    for (const { claim, policy, filed, sumInsured } of claimList) {
      const flags: string[] = [];
      const filedDay = epochDay(claim.filed_at!);
      if (filedDay - epochDay(policy.start_date!) <= 30) flags.push('soon_after_start');
      const upgrades = versionsOf.get(claim.policy_id!)!.filter((v) => v.change_reason === 'upgrade' && epochSeconds(v.effective_at!) <= filed);
      if (upgrades.length > 0 && filedDay - epochDay(upgrades.at(-1)!.effective_at!) <= 30) flags.push('soon_after_upgrade');
      if (policy.product_code !== 'LIF' && Number(claim.claimed_amount) >= 0.9 * sumInsured) flags.push('near_sum_insured');
      const recent = claimList.filter((other) => other.policy.policyholder_id === policy.policyholder_id && other.filed <= filed && other.filed > filed - 365 * 86_400);
      if (recent.length >= 3) flags.push('repeated_claims');
      if (holdersByAccount.get(claim.payout_account!)!.size >= 2) flags.push('shared_bank_account');
      if (flags.length > 0) expected.set(claim.claim_id!, flags);
    }
    const rules = ['soon_after_start', 'soon_after_upgrade', 'near_sum_insured', 'repeated_claims', 'shared_bank_account'];
    const built = await query(`select claim_id, ${rules.map((rule) => `flag_${rule}`).join(', ')}, signal_count, explanation from main.rpt_fraud_signals`);
    const actual = new Map(built.map((row) => [String(row.claim_id), rules.filter((rule) => row[`flag_${rule}`] === true)]));
    expect(actual).toEqual(expected);
    for (const rule of rules.filter((r) => r !== 'soon_after_upgrade')) {
      expect([...expected.values()].filter((flags) => flags.includes(rule)).length, rule).toBeGreaterThan(0);
    }
    for (const row of built) expect(String(row.explanation).split('; ').length).toBe(Number(row.signal_count));
  });

  it('counts policyholders in every segment as their age, occupation and smoking say', async () => {
    const holders = latestBy(await landing('policyholders'), (row) => row.policyholder_id!);
    const policies = [...latestBy(await landing('policies'), (row) => row.policy_id!).values()];
    const riskClass = new Map((await query(`select occupation, risk_class from main.occupation_risk`)).map((row) => [String(row.occupation), Number(row.risk_class)]));
    const [{ as_of_date: asOf }] = await query(`select cast(as_of_date as varchar) as as_of_date from main.int_as_of`);
    const asOfDate = new Date(`${String(asOf)}T00:00:00Z`);
    const segmentOf = (holder: CsvRow) => {
      const birth = new Date(`${holder.date_of_birth}T00:00:00Z`);
      let age = asOfDate.getUTCFullYear() - birth.getUTCFullYear();
      if (asOfDate.getUTCMonth() * 100 + asOfDate.getUTCDate() < birth.getUTCMonth() * 100 + birth.getUTCDate()) age--;
      const band = age < 26 ? '18-25' : age < 36 ? '26-35' : age < 46 ? '36-45' : age < 56 ? '46-55' : age < 66 ? '56-65' : '66+';
      const score = (riskClass.get(holder.occupation!) ?? 2) - 1 + (holder.smoker === 'Y' ? 2 : 0) + (age >= 56 ? 1 : 0);
      return `${band}|${score >= 4 ? 'high' : score >= 2 ? 'medium' : 'low'}`;
    };
    const expected = new Map<string, number>();
    for (const policy of policies) {
      const key = `${segmentOf(holders.get(policy.policyholder_id!)!)}|${policy.product_code}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const built = await query(`select age_band, risk_profile, product_code, policies from main.rpt_segments`);
    expect(new Map(built.map((row) => [`${row.age_band}|${row.risk_profile}|${row.product_code}`, Number(row.policies)]))).toEqual(expected);
  });

  it('keeps the SCD2 history of every policy that changed on a later day', async () => {
    const laterChanges = (await landing('policy_versions')).filter((row) => row.effective_at! >= '2024-01-02');
    expect(laterChanges.length).toBeGreaterThan(3);
    const history = await query(
      `select policy_id, plan, status, cast(sum_insured as double) as sum_insured, dbt_valid_to is null as is_open, cast(dbt_valid_from as varchar) as valid_from
       from main.policies_snapshot order by policy_id, dbt_valid_from`,
    );
    const versionsOf = (policyId: string) => history.filter((row) => String(row.policy_id) === policyId);
    for (const change of laterChanges) {
      const versions = versionsOf(change.policy_id!);
      const opened = versions.find((row) => String(row.valid_from).startsWith(change.effective_at!));
      expect(opened, `version of policy ${change.policy_id} from ${change.effective_at}`).toMatchObject({ plan: change.plan, status: change.status, sum_insured: Number(change.sum_insured) });
      if (change.version_no !== '1') expect(versions.indexOf(opened!)).toBeGreaterThan(0);
    }
    const last = laterChanges.at(-1)!;
    const versions = versionsOf(last.policy_id!);
    expect(versions.at(-1)).toMatchObject({ is_open: true, plan: last.plan, status: last.status });
    expect(versions.slice(0, -1).every((row) => row.is_open === false)).toBe(true);
  });

  it("exports its three dashboards for the docs site, each cell as the reports hold it", async () => {
    const compiler = await compileProject(project, { adapter });
    const definitions = dashboardDefinitions(compiler.manifest);
    expect(definitions.map((definition) => definition.name).sort()).toEqual(['fraud_signals_by_rule', 'segment_loss_ratio', 'settlement_time_trend']);
    const exported = new Map<string, Awaited<ReturnType<typeof exportDashboard>>>();
    for (const definition of definitions) exported.set(definition.name, await exportDashboard(definition, compiler, adapter, {}, new Date().toISOString()));
    for (const [name, result] of exported) expect(result.summary.error, name).toBeUndefined();
    const fraud = exported.get('fraud_signals_by_rule')!.data!;
    const ruleAt = fraud.columns.indexOf('rule');
    const claimsAt = fraud.columns.indexOf('claims');
    const repeated = fraud.rows.filter((row) => row[ruleAt] === 'repeated claims').reduce((sum, row) => sum + Number(row[claimsAt]), 0);
    const [{ n }] = await query('select count(*) as n from main.rpt_fraud_signals where flag_repeated_claims');
    expect(repeated).toBe(Number(n));
    const trend = exported.get('settlement_time_trend')!.data!;
    const [{ cells }] = await query('select count(*) as cells from main.rpt_settlement_times');
    expect(trend.rows.length).toBe(Number(cells));
  });
});
