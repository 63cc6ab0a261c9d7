/**
 * A policy's life: its versions (new business, upgrades, downgrades, lapses, reinstatements), the
 * premiums paid while it is active, and its beneficiaries. Each process draws from its own stream
 * seeded by the policy id and stops at the horizon, so a longer horizon only appends to a shorter
 * one's history.
 */
import { SECONDS_PER_DAY } from '../sample-data/calendar.js';
import { Random, hashSeed, hashUniform } from '../sample-data/random.js';
import { FIRST_NAMES, PLANS, RELATIONSHIPS } from './vocabulary.js';
import { ageAt, type Policy } from './world.js';

export type PolicyStatus = 'active' | 'lapsed';
export type ChangeReason = 'new business' | 'upgrade' | 'downgrade' | 'lapse' | 'reinstatement';

export interface PolicyVersion {
  policyId: number;
  versionNo: number;
  effectiveSeconds: number;
  plan: number;
  sumInsured: number;
  /** The monthly instalment in paise; the annual premium is twelve of them. */
  monthlyPaise: number;
  status: PolicyStatus;
  reason: ChangeReason;
}

export interface PremiumPayment {
  paymentId: number;
  policyId: number;
  dueSeconds: number;
  paidSeconds: number;
  periodEndSeconds: number;
  paise: number;
  method: number;
}

export interface Beneficiary {
  id: number;
  name: string;
  relationship: string;
  sharePct: number;
  updatedSeconds: number;
}

export interface BeneficiaryState {
  atSeconds: number;
  beneficiaries: Beneficiary[];
}

const STREAM_CHANGES = 201;
const STREAM_BENEFICIARIES = 202;
const STREAM_PAYMENT = 203;
/** Changes per policy per day. */
const RATE_UPGRADE = 0.0006;
const RATE_DOWNGRADE = 0.0003;
const RATE_LAPSE = 0.0004;
const RATE_REINSTATE = 0.02;
const RATE_BENEFICIARY_EDIT = 0.0008;
const SPLITS: readonly (readonly (readonly number[])[])[] = [
  [],
  [[100]],
  [[50, 50], [60, 40], [70, 30]],
  [[40, 30, 30], [50, 25, 25], [34, 33, 33]],
];

/** Sum insured and monthly instalment (paise) of `plan` for the policy's holder at `atSeconds`. */
export function pricing(policy: Policy, plan: number, atSeconds: number): { sumInsured: number; monthlyPaise: number } {
  const { product, holder } = policy;
  const sumInsured = product.baseSumInsured * PLANS[plan]!.multiplier;
  let loading = 1;
  if (product.riskRated) {
    loading += Math.max(0, ageAt(holder.birthSeconds, atSeconds) - 30) * 0.02 + (holder.smoker ? 0.3 : 0) + (holder.riskClass - 1) * 0.1;
  }
  return { sumInsured, monthlyPaise: Math.round((sumInsured * product.premiumRate * loading * 100) / 12) };
}

function exponentialDays(random: Random, perDay: number): number {
  return (-Math.log(1 - random.next()) / perDay) * SECONDS_PER_DAY;
}

/** Every version of the policy that takes effect before `horizon`. */
export function policyVersions(seed: number, policy: Policy, horizon: number): PolicyVersion[] {
  const random = new Random(hashSeed(seed, STREAM_CHANGES, policy.id));
  const first = pricing(policy, policy.plan, policy.startSeconds);
  const versions: PolicyVersion[] = [
    { policyId: policy.id, versionNo: 1, effectiveSeconds: policy.startSeconds, plan: policy.plan, ...first, status: 'active', reason: 'new business' },
  ];
  let at = policy.startSeconds;
  for (;;) {
    const current = versions[versions.length - 1]!;
    const activeRate = RATE_UPGRADE + RATE_DOWNGRADE + RATE_LAPSE;
    at += Math.max(1, Math.floor(exponentialDays(random, current.status === 'active' ? activeRate : RATE_REINSTATE)));
    const pick = random.next() * activeRate;
    if (at >= horizon) break;
    let next: Omit<PolicyVersion, 'policyId' | 'versionNo' | 'effectiveSeconds'> | null = null;
    if (current.status === 'lapsed') {
      next = { ...current, status: 'active', reason: 'reinstatement' };
    } else if (pick < RATE_UPGRADE) {
      if (current.plan < PLANS.length - 1) next = { ...current, ...pricing(policy, current.plan + 1, at), plan: current.plan + 1, reason: 'upgrade' };
    } else if (pick < RATE_UPGRADE + RATE_DOWNGRADE) {
      if (current.plan > 0) next = { ...current, ...pricing(policy, current.plan - 1, at), plan: current.plan - 1, reason: 'downgrade' };
    } else {
      next = { ...current, status: 'lapsed', reason: 'lapse' };
    }
    if (next) versions.push({ ...next, policyId: policy.id, versionNo: current.versionNo + 1, effectiveSeconds: at });
  }
  return versions;
}

/** The version in force at `atSeconds` (undefined before the policy starts). */
export function versionAt(versions: readonly PolicyVersion[], atSeconds: number): PolicyVersion | undefined {
  let found: PolicyVersion | undefined;
  for (const version of versions) {
    if (version.effectiveSeconds > atSeconds) break;
    found = version;
  }
  return found;
}

/** True when the policy is active for the whole UTC day holding `daySeconds`. */
export function activeAllDay(versions: readonly PolicyVersion[], daySeconds: number): boolean {
  const start = Math.floor(daySeconds / SECONDS_PER_DAY) * SECONDS_PER_DAY;
  const end = start + SECONDS_PER_DAY;
  if (versionAt(versions, start)?.status !== 'active') return false;
  return !versions.some((v) => v.effectiveSeconds > start && v.effectiveSeconds < end);
}

/** `atSeconds` plus `months` calendar months, the day of month clamped to the month's length. */
export function addMonths(atSeconds: number, months: number): number {
  const at = new Date(atSeconds * 1000);
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(at.getUTCDate(), lastDay);
  return Date.UTC(year, month, day, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()) / 1000;
}

/** Monthly instalments due while the policy is active, paid within five days; paid before `horizon`. */
export function premiumPayments(seed: number, versions: readonly PolicyVersion[], horizon: number): PremiumPayment[] {
  const first = versions[0]!;
  const payments: PremiumPayment[] = [];
  for (let k = 0; ; k++) {
    const due = addMonths(first.effectiveSeconds, k);
    if (due >= horizon) break;
    const version = versionAt(versions, due)!;
    if (version.status !== 'active') continue;
    const paid = due + Math.floor(hashUniform(seed, STREAM_PAYMENT, first.policyId, k) * 5 * SECONDS_PER_DAY);
    if (paid >= horizon) continue;
    payments.push({
      paymentId: first.policyId * 1000 + k,
      policyId: first.policyId,
      dueSeconds: due,
      paidSeconds: paid,
      periodEndSeconds: addMonths(first.effectiveSeconds, k + 1) - SECONDS_PER_DAY,
      paise: version.monthlyPaise,
      method: hashSeed(seed, STREAM_PAYMENT, first.policyId, k) % 4,
    });
  }
  return payments;
}

/** The beneficiaries named on the policy, as they change over time (empty when the product has none). */
export function beneficiaryStates(seed: number, policy: Policy, horizon: number): BeneficiaryState[] {
  if (!policy.product.hasBeneficiaries) return [];
  const random = new Random(hashSeed(seed, STREAM_BENEFICIARIES, policy.id));
  let nextId = 1;
  const person = (at: number, share: number): Beneficiary => ({
    id: policy.id * 100 + nextId++,
    name: `${random.pick(FIRST_NAMES)} ${policy.holder.lastName}`,
    relationship: random.pick(RELATIONSHIPS),
    sharePct: share,
    updatedSeconds: at,
  });
  const split = (count: number) => random.pick(SPLITS[count]!);
  const initial = split(random.between(1, 3)).map((share) => person(policy.startSeconds, share));
  const states: BeneficiaryState[] = [{ atSeconds: policy.startSeconds, beneficiaries: initial }];
  let at = policy.startSeconds;
  for (;;) {
    at += Math.max(1, Math.floor(exponentialDays(random, RATE_BENEFICIARY_EDIT)));
    const kind = random.int(3);
    if (at >= horizon) break;
    const current = states[states.length - 1]!.beneficiaries;
    let next: Beneficiary[];
    if (kind === 1 && current.length > 1) {
      const gone = random.int(current.length);
      next = current.map((b, i) => (i === gone ? person(at, b.sharePct) : b));
    } else {
      const count = kind === 2 && current.length < 3 ? current.length + 1 : current.length;
      const shares = split(count);
      next = shares.map((share, i) => (i < current.length ? { ...current[i]!, sharePct: share, updatedSeconds: at } : person(at, share)));
    }
    states.push({ atSeconds: at, beneficiaries: next });
  }
  return states;
}
