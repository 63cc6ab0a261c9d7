/**
 * `generateInsuranceData`: writes one day's batch of an insurer's landing-zone CSVs
 * (`<outDir>/<table>/<table>_day<NNN>.csv`) deterministically from a seed, for the insurance
 * example project (examples/insurance).
 *
 * Day 1 holds the book's history since 2022 (branches, agents, every policy version, premium,
 * claim and claim event so far) and full extracts of policyholders, policies and beneficiaries;
 * day N > 1 holds what happened that day (new policies, upgrades, downgrades, lapses,
 * reinstatements, beneficiary edits, premiums, claims and their events) and fresh full extracts.
 * A real feed's dirt is always there: duplicate rows, claim events arriving a day late,
 * unparseable incident dates, negative premium reversals. `dirty` also plants a fixed number of
 * regulatory violations ({@link PLANTED_VIOLATIONS}) for the project's compliance tests to find.
 */
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DailiesError } from '../../errors.js';
import { SECONDS_PER_DAY, dayEnd, dayStart, formatDate, formatDateTime } from '../sample-data/calendar.js';
import { CsvFileWriter, csvField } from '../sample-data/csv-writer.js';
import { Random, hashSeed } from '../sample-data/random.js';
import { lapsedPolicyClaim, type Claim } from './claims.js';
import { beneficiaryStates, policyVersions, premiumPayments, type BeneficiaryState, type PolicyVersion, type PremiumPayment } from './policies.js';
import { BRANCHES, PAYMENT_METHODS, PLANS } from './vocabulary.js';
import { worldOnDay, type Policy, type World } from './world.js';
import { policyClaims } from './claims.js';

export interface InsuranceDataOptions {
  outDir: string;
  /** 1 ≈ 100,000 policyholders. Default {@link DEFAULT_INSURANCE_SCALE}. */
  scale?: number;
  /** Which day's batch to write (1 = the history up to 2024-01-01). Default 1. */
  day?: number;
  seed?: number;
  /** Plant {@link PLANTED_VIOLATIONS} in this batch. */
  dirty?: boolean;
}

export type InsuranceTable =
  | 'branches'
  | 'agents'
  | 'policyholders'
  | 'policies'
  | 'policy_versions'
  | 'coverages'
  | 'beneficiaries'
  | 'premiums'
  | 'claims'
  | 'claim_events';

export const INSURANCE_TABLE_HEADERS: Readonly<Record<InsuranceTable, readonly string[]>> = {
  branches: ['branch_id', 'branch_name', 'city', 'region'],
  agents: ['agent_id', 'agent_name', 'branch_id', 'joined_on'],
  policyholders: ['policyholder_id', 'first_name', 'last_name', 'date_of_birth', 'gender', 'branch_id', 'occupation', 'smoker', 'bank_account', 'created_at', 'updated_at'],
  policies: ['policy_id', 'policyholder_id', 'agent_id', 'product_code', 'plan', 'sum_insured', 'annual_premium', 'status', 'start_date', 'updated_at'],
  policy_versions: ['policy_id', 'version_no', 'effective_at', 'plan', 'sum_insured', 'annual_premium', 'status', 'change_reason'],
  coverages: ['policy_id', 'version_no', 'coverage_code', 'coverage_limit'],
  beneficiaries: ['policy_id', 'beneficiary_id', 'beneficiary_name', 'relationship', 'share_pct', 'updated_at'],
  premiums: ['payment_id', 'policy_id', 'due_at', 'paid_at', 'period_start', 'period_end', 'amount', 'method'],
  claims: ['claim_id', 'policy_id', 'incident_date', 'filed_at', 'claim_type', 'claimed_amount', 'payout_account'],
  claim_events: ['event_id', 'claim_id', 'event_type', 'event_at', 'amount', 'reason'],
};

/** What `dirty` plants, and how many of each: the count each compliance test must report. */
export const PLANTED_VIOLATIONS = {
  settled_without_assessment: 3,
  settled_late_without_reason: 4,
  paid_above_sum_insured: 2,
  paid_claim_on_lapsed_policy: 2,
  premium_not_reconciled: 3,
  beneficiary_shares_not_100: 2,
} as const;

export interface InsuranceDataReport {
  outDir: string;
  scale: number;
  day: number;
  seed: number;
  files: { table: InsuranceTable; path: string; key: string; rows: number; bytes: number }[];
  totalRows: number;
  seconds: number;
}

/** About 2,000 policyholders and 2,700 policies: the demo's size, well under a second. */
export const DEFAULT_INSURANCE_SCALE = 0.02;
export const DEFAULT_INSURANCE_SEED = 7;
const STREAM_DIRT = 401;
const BAD_DATES = ['N/A', '2023-02-30', '31/12/2023', 'unknown'];

/** Everything in one day's batch, before it is written. */
export interface InsuranceBatch {
  world: World;
  versions: Map<number, PolicyVersion[]>;
  newVersions: PolicyVersion[];
  premiums: PremiumPayment[];
  claims: Claim[];
  /** Claim events arriving in this batch (claims filed earlier included). */
  events: (Claim['events'][number] & { claim: Claim })[];
  beneficiaries: Map<number, BeneficiaryState>;
}

export function insuranceFilePath(table: string, day: number): string {
  return `${table}/${table}_day${String(day).padStart(3, '0')}.csv`;
}

export async function generateInsuranceData(options: InsuranceDataOptions): Promise<InsuranceDataReport> {
  const started = performance.now();
  const scale = options.scale ?? DEFAULT_INSURANCE_SCALE;
  const day = options.day ?? 1;
  const seed = options.seed ?? DEFAULT_INSURANCE_SEED;
  validate(scale, day, seed);
  const batch = insuranceBatch(seed, scale, day);
  if (options.dirty) plantViolations(batch, dayEnd(day));

  const writers = {} as Record<InsuranceTable, CsvFileWriter>;
  for (const table of Object.keys(INSURANCE_TABLE_HEADERS) as InsuranceTable[]) {
    writers[table] = await CsvFileWriter.create(join(options.outDir, insuranceFilePath(table, day)), INSURANCE_TABLE_HEADERS[table], true);
  }
  try {
    writeBatch(writers, batch, day, new Random(hashSeed(seed, STREAM_DIRT, day)));
  } finally {
    await Promise.all(Object.values(writers).map((writer) => writer.close()));
  }
  const files = (Object.entries(writers) as [InsuranceTable, CsvFileWriter][]).map(([table, writer]) => ({
    table,
    path: writer.path,
    key: relative(options.outDir, writer.path).split('\\').join('/'),
    rows: writer.rows,
    bytes: writer.bytes,
  }));
  return { outDir: options.outDir, scale, day, seed, files, totalRows: files.reduce((sum, f) => sum + f.rows, 0), seconds: (performance.now() - started) / 1000 };
}

/** The batch of `day`: what arrives in the feed between the day's start and end (day 1: since the beginning). */
export function insuranceBatch(seed: number, scale: number, day: number): InsuranceBatch {
  const from = day === 1 ? -Infinity : dayStart(day);
  const to = dayEnd(day);
  const inBatch = (seconds: number) => seconds >= from && seconds < to;
  const world = worldOnDay(seed, scale, day);
  const shared = sharedAccounts(world);
  const batch: InsuranceBatch = { world, versions: new Map(), newVersions: [], premiums: [], claims: [], events: [], beneficiaries: new Map() };
  for (const policy of world.policies) {
    const versions = policyVersions(seed, policy, to);
    batch.versions.set(policy.id, versions);
    batch.newVersions.push(...versions.filter((v) => inBatch(v.effectiveSeconds)));
    batch.premiums.push(...premiumPayments(seed, versions, to).filter((p) => inBatch(p.paidSeconds)));
    for (const claim of policyClaims(seed, policy, versions, to, shared.get(policy.holder.id))) {
      if (inBatch(claim.filedSeconds)) batch.claims.push(claim);
      for (const event of claim.events) if (inBatch(event.arrivalSeconds)) batch.events.push({ ...event, claim });
    }
    const states = beneficiaryStates(seed, policy, to);
    if (states.length > 0) batch.beneficiaries.set(policy.id, states[states.length - 1]!);
  }
  batch.premiums.sort((a, b) => a.paidSeconds - b.paidSeconds || a.paymentId - b.paymentId);
  batch.claims.sort((a, b) => a.filedSeconds - b.filedSeconds || a.claimId - b.claimId);
  batch.events.sort((a, b) => a.arrivalSeconds - b.arrivalSeconds || a.eventId - b.eventId);
  return batch;
}

/** Holders with the shared-bank-account pattern, in pairs by id: both are paid into the first one's account. */
function sharedAccounts(world: World): Map<number, string> {
  const sharing = world.holders.filter((holder) => holder.fraud === 'shared_bank_account');
  const accounts = new Map<number, string>();
  sharing.forEach((holder, rank) => accounts.set(holder.id, sharing[rank - (rank % 2)]!.bankAccount));
  return accounts;
}

/** Applies {@link PLANTED_VIOLATIONS} to the batch, each to different claims, payments or policies. */
function plantViolations(batch: InsuranceBatch, to: number): void {
  const eventsOf = (claimId: number) => batch.events.filter((event) => event.claimId === claimId);
  const settledInBatch = batch.claims.filter((claim) => {
    const events = eventsOf(claim.claimId);
    return events.some((e) => e.type === 'assessed') && events.some((e) => e.type === 'settled') && !claim.planted;
  });
  const onTime = settledInBatch.filter((claim) => eventsOf(claim.claimId).find((e) => e.type === 'settled')!.reason === '');
  const late = settledInBatch.filter((claim) => eventsOf(claim.claimId).find((e) => e.type === 'settled')!.reason !== '');
  const take = <T>(items: T[], count: number, what: string): T[] => {
    if (items.length < count) throw new DailiesError('usage', `--dirty needs ${count} ${what} in this batch, found ${items.length}`, { hint: 'generate day 1, or a larger --scale' });
    return items.slice(0, count);
  };
  const withoutAssessment = new Set(take(onTime, PLANTED_VIOLATIONS.settled_without_assessment, 'settled claims').map((c) => c.claimId));
  batch.events = batch.events.filter((event) => !(withoutAssessment.has(event.claimId) && event.type === 'assessed'));
  for (const claim of take(late, PLANTED_VIOLATIONS.settled_late_without_reason, 'late settlements')) {
    for (const event of batch.events) if (event.claimId === claim.claimId && event.type === 'settled') event.reason = '';
  }
  const overpaid = onTime.slice(PLANTED_VIOLATIONS.settled_without_assessment);
  for (const claim of take(overpaid, PLANTED_VIOLATIONS.paid_above_sum_insured, 'more settled claims')) {
    for (const event of batch.events) if (event.claimId === claim.claimId && event.type === 'settled') event.paise = Math.round(claim.sumInsured * 120);
  }
  const lapsed = lapsedDays(batch, to);
  for (const [policy, lapsedDay] of take(lapsed, PLANTED_VIOLATIONS.paid_claim_on_lapsed_policy, 'lapsed policies')) {
    const claim = lapsedPolicyClaim(policy, batch.versions.get(policy.id)!, lapsedDay);
    batch.claims.push(claim);
    batch.events.push(...claim.events.map((event) => ({ ...event, claim })));
  }
  for (const payment of take(batch.premiums, PLANTED_VIOLATIONS.premium_not_reconciled, 'premium payments')) {
    payment.paise = Math.round(payment.paise * 1.1);
  }
  const shared = [...batch.beneficiaries.entries()].filter(([, state]) => state.beneficiaries.length > 1);
  for (const [policyId, state] of take(shared, PLANTED_VIOLATIONS.beneficiary_shares_not_100, 'policies with several beneficiaries')) {
    const [first, ...rest] = state.beneficiaries;
    batch.beneficiaries.set(policyId, { ...state, beneficiaries: [{ ...first!, sharePct: first!.sharePct - 10 }, ...rest] });
  }
}

/** Policies with a whole lapsed day early enough that a claim on it is settled before `to`. */
function lapsedDays(batch: InsuranceBatch, to: number): [Policy, number][] {
  const found: [Policy, number][] = [];
  for (const policy of batch.world.policies) {
    const versions = batch.versions.get(policy.id)!;
    const lapse = versions.find((v, i) => v.status === 'lapsed' && (versions[i + 1]?.effectiveSeconds ?? to) - v.effectiveSeconds > 3 * SECONDS_PER_DAY);
    if (!lapse) continue;
    const lapsedDay = Math.floor(lapse.effectiveSeconds / SECONDS_PER_DAY) + 1;
    if ((lapsedDay + 11) * SECONDS_PER_DAY < to) found.push([policy, lapsedDay]);
  }
  return found;
}

function money(paise: number): string {
  const sign = paise < 0 ? '-' : '';
  const abs = Math.abs(paise);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function writeBatch(out: Record<InsuranceTable, CsvFileWriter>, batch: InsuranceBatch, day: number, dirt: Random): void {
  const { world } = batch;
  const to = dayEnd(day);
  const twice = (writer: CsvFileWriter, line: string, share: number) => {
    writer.row(line);
    if (dirt.chance(share)) writer.row(line);
  };
  if (day === 1) {
    for (const b of BRANCHES) out.branches.row(`${b.id},${csvField(b.name)},${csvField(b.city)},${b.region}`);
    for (const a of world.agents) out.agents.row(`${a.id},${csvField(a.name)},${a.branchId},${formatDate(a.joinedSeconds)}`);
  }
  for (const h of world.holders) {
    if (h.createdSeconds >= to) continue;
    const line = [h.id, h.firstName, h.lastName, formatDate(h.birthSeconds), h.gender, h.branchId, csvField(h.occupation), h.smoker ? 'Y' : 'N', h.bankAccount, formatDateTime(h.createdSeconds), formatDateTime(h.createdSeconds)].join(',');
    twice(out.policyholders, line, 0.003);
  }
  for (const policy of world.policies) {
    if (policy.startSeconds >= to) continue;
    const versions = batch.versions.get(policy.id)!;
    const current = versions[versions.length - 1]!;
    out.policies.row(
      [policy.id, policy.holder.id, policy.agentId, policy.product.code, PLANS[current.plan]!.name, current.sumInsured, money(current.monthlyPaise * 12), current.status, formatDate(policy.startSeconds), formatDateTime(current.effectiveSeconds)].join(','),
    );
  }
  for (const v of batch.newVersions) {
    out.policy_versions.row([v.policyId, v.versionNo, formatDateTime(v.effectiveSeconds), PLANS[v.plan]!.name, v.sumInsured, money(v.monthlyPaise * 12), v.status, csvField(v.reason)].join(','));
    if (v.reason === 'new business' || v.reason === 'upgrade' || v.reason === 'downgrade') writeCoverages(out.coverages, batch, v);
  }
  for (const [policyId, state] of batch.beneficiaries) {
    for (const b of state.beneficiaries) out.beneficiaries.row([policyId, b.id, csvField(b.name), b.relationship, b.sharePct, formatDateTime(b.updatedSeconds)].join(','));
  }
  for (const p of batch.premiums) {
    const line = (id: number, paise: number) =>
      [id, p.policyId, formatDateTime(p.dueSeconds), formatDateTime(p.paidSeconds), formatDate(p.dueSeconds), formatDate(p.periodEndSeconds), money(paise), PAYMENT_METHODS[p.method]].join(',');
    twice(out.premiums, line(p.paymentId, p.paise), 0.003);
    // A reversal a payment system writes now and then: a negative amount under its own id.
    if (dirt.chance(0.003)) out.premiums.row(line(p.paymentId + 500, -p.paise));
  }
  for (const c of batch.claims) {
    const incident = dirt.chance(0.005) ? dirt.pick(BAD_DATES) : formatDate(c.incidentSeconds);
    twice(out.claims, [c.claimId, c.policyId, incident, formatDateTime(c.filedSeconds), csvField(c.claimType), money(c.claimedPaise), c.payoutAccount].join(','), 0.005);
  }
  for (const e of batch.events) {
    twice(out.claim_events, [e.eventId, e.claimId, e.type, formatDateTime(e.atSeconds), e.paise === null ? '' : money(e.paise), csvField(e.reason)].join(','), 0.005);
  }
}

function writeCoverages(out: CsvFileWriter, batch: InsuranceBatch, version: PolicyVersion): void {
  const policy = batch.world.policies[version.policyId - 1]!;
  for (const coverage of policy.product.coverages) {
    if ((coverage.fromPlan ?? 0) > version.plan) continue;
    const limit = coverage.fixed ?? Math.round(version.sumInsured * coverage.share);
    out.row(`${version.policyId},${version.versionNo},${coverage.code},${limit}`);
  }
}

function validate(scale: number, day: number, seed: number): void {
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) {
    throw new DailiesError('usage', `insurance sample-data scale must be a number above 0 and at most 10, got ${scale}`, {
      hint: `use e.g. --scale ${DEFAULT_INSURANCE_SCALE} (the default) or --scale 1 (100,000 policyholders)`,
    });
  }
  if (!Number.isInteger(day) || day < 1 || day > 999) {
    throw new DailiesError('usage', `sample-data day must be a whole number from 1 to 999, got ${day}`, {
      hint: 'day 1 is the history up to 2024-01-01; --day 2, 3, … write the later daily batches',
    });
  }
  if (!Number.isInteger(seed)) {
    throw new DailiesError('usage', `sample-data seed must be a whole number, got ${seed}`, { hint: `omit it to use ${DEFAULT_INSURANCE_SEED}` });
  }
}
