/**
 * Claims and their lifecycle: filed → assessed → settled or rejected. Ordinary claims arrive at
 * the product's rate on days the policy is active; a suspicious policyholder's first policy also
 * gets the claims of its planted pattern (early large claim, payout to a bank account another
 * claimant uses, repeated claims). Each claim draws its whole lifecycle when it is created, from
 * the policy's own stream, so histories only grow with the horizon.
 */
import { SECONDS_PER_DAY } from '../sample-data/calendar.js';
import { Random, hashSeed, hashUniform } from '../sample-data/random.js';
import { activeAllDay, versionAt, type PolicyVersion } from './policies.js';
import { LATE_SETTLEMENT_REASONS, REJECTION_REASONS } from './vocabulary.js';
import type { Policy } from './world.js';

export type ClaimEventType = 'filed' | 'assessed' | 'settled' | 'rejected';

export interface ClaimEvent {
  eventId: number;
  claimId: number;
  type: ClaimEventType;
  atSeconds: number;
  /** When the event reaches the feed: usually at once, sometimes a day late. */
  arrivalSeconds: number;
  paise: number | null;
  reason: string;
}

export interface Claim {
  claimId: number;
  policyId: number;
  incidentSeconds: number;
  filedSeconds: number;
  claimType: string;
  claimedPaise: number;
  payoutAccount: string;
  /** The policy's sum insured on the incident date. */
  sumInsured: number;
  windowDays: number;
  events: ClaimEvent[];
  planted: boolean;
}

const STREAM_CLAIMS = 301;
const STREAM_PLANTED = 302;
const STREAM_LATE_EVENT = 303;
const LATE_EVENT_SHARE = 0.03;
/** Ordinary claims use sequence numbers below this; planted ones above. */
const PLANTED_SEQUENCE = 90;
export const LAPSED_CLAIM_SEQUENCE = 99;

interface ClaimDraft {
  sequence: number;
  incidentSeconds: number;
  filedAfterDays: number;
  claimShare: number;
  payoutAccount: string;
  planted: boolean;
}

/** Every claim of the policy whose incident happened before `horizon`. */
export function policyClaims(seed: number, policy: Policy, versions: readonly PolicyVersion[], horizon: number, sharedAccount?: string): Claim[] {
  const random = new Random(hashSeed(seed, STREAM_CLAIMS, policy.id));
  const claims: Claim[] = [];
  let at = policy.startSeconds;
  for (let sequence = 1; sequence < PLANTED_SEQUENCE; sequence++) {
    at += Math.max(1, Math.floor((-Math.log(1 - random.next()) / policy.product.claimsPerDay) * SECONDS_PER_DAY));
    const filedAfterDays = random.between(0, 12);
    const share = Math.min(0.85, Math.max(0.005, policy.product.medianClaimShare * Math.exp(0.8 * random.gaussian())));
    const lifecycle = drawLifecycle(random);
    if (at >= horizon) break;
    const draft = { sequence, incidentSeconds: at, filedAfterDays, claimShare: share, payoutAccount: policy.holder.bankAccount, planted: false };
    const claim = makeClaim(seed, policy, versions, draft, lifecycle);
    if (claim) claims.push(claim);
  }
  for (const draft of plantedDrafts(seed, policy, sharedAccount)) {
    if (draft.incidentSeconds >= horizon) continue;
    const claim = makeClaim(seed, policy, versions, draft, drawLifecycle(new Random(hashSeed(seed, STREAM_PLANTED, policy.id, draft.sequence))));
    if (claim) claims.push(claim);
  }
  return claims;
}

/** The planted claims of a suspicious holder's first policy. */
function plantedDrafts(seed: number, policy: Policy, sharedAccount: string | undefined): ClaimDraft[] {
  const pattern = policy.holder.fraud;
  if (!pattern || policy.startSeconds !== policy.holder.createdSeconds) return [];
  const random = new Random(hashSeed(seed, STREAM_PLANTED, policy.id));
  const start = policy.startSeconds;
  const day = (n: number) => start + n * SECONDS_PER_DAY;
  const draft = (sequence: number, incidentSeconds: number, claimShare: number, payoutAccount = policy.holder.bankAccount): ClaimDraft => ({
    sequence,
    incidentSeconds,
    filedAfterDays: random.between(1, 5),
    claimShare,
    payoutAccount,
    planted: true,
  });
  switch (pattern) {
    case 'early_large_claim':
      return [draft(PLANTED_SEQUENCE, day(random.between(3, 10)), 0.92 + random.next() * 0.07)];
    case 'shared_bank_account':
      return [draft(PLANTED_SEQUENCE, day(random.between(60, 200)), 0.05 + random.next() * 0.1, sharedAccount ?? policy.holder.bankAccount)];
    case 'repeated_claims':
      return [
        draft(PLANTED_SEQUENCE, day(random.between(40, 60)), 0.05 + random.next() * 0.05),
        draft(PLANTED_SEQUENCE + 1, day(random.between(100, 140)), 0.05 + random.next() * 0.05),
        draft(PLANTED_SEQUENCE + 2, day(random.between(170, 230)), 0.05 + random.next() * 0.05),
      ];
  }
}

interface Lifecycle {
  filedSecondOfDay: number;
  assessAfterDays: number;
  assessedShare: number;
  rejected: boolean;
  rejectAfterDays: number;
  late: boolean;
  settleDraw: number;
  reasonDraw: number;
  secondOfDay: [number, number, number];
}

/** Always the same number of draws, whatever the outcome, so later claims' draws do not shift. */
function drawLifecycle(random: Random): Lifecycle {
  return {
    filedSecondOfDay: random.int(SECONDS_PER_DAY),
    assessAfterDays: random.between(1, 8),
    assessedShare: 0.7 + random.next() * 0.3,
    rejected: random.chance(0.12),
    rejectAfterDays: random.between(2, 6),
    late: random.chance(0.1),
    settleDraw: random.next(),
    reasonDraw: random.next(),
    secondOfDay: [random.int(SECONDS_PER_DAY), random.int(SECONDS_PER_DAY), random.int(SECONDS_PER_DAY)],
  };
}

function makeClaim(seed: number, policy: Policy, versions: readonly PolicyVersion[], draft: ClaimDraft, life: Lifecycle): Claim | null {
  if (!activeAllDay(versions, draft.incidentSeconds)) return null;
  const sumInsured = versionAt(versions, draft.incidentSeconds)!.sumInsured;
  const isLife = policy.product.code === 'LIF';
  const claimedPaise = Math.round(sumInsured * (isLife ? 1 : draft.claimShare) * 100);
  const incidentDay = Math.floor(draft.incidentSeconds / SECONDS_PER_DAY);
  const filedDay = incidentDay + draft.filedAfterDays;
  const window = policy.product.settlementWindowDays;
  const claimId = policy.id * 100 + draft.sequence;
  const at = (dayNumber: number, second: number) => dayNumber * SECONDS_PER_DAY + second;
  const assessedDay = filedDay + life.assessAfterDays;
  const assessedPaise = isLife ? claimedPaise : Math.round(claimedPaise * life.assessedShare);
  const events: Omit<ClaimEvent, 'eventId' | 'claimId' | 'arrivalSeconds'>[] = [
    { type: 'filed', atSeconds: at(filedDay, life.filedSecondOfDay), paise: claimedPaise, reason: '' },
    { type: 'assessed', atSeconds: at(assessedDay, life.secondOfDay[0]), paise: assessedPaise, reason: '' },
  ];
  if (life.rejected) {
    const reason = REJECTION_REASONS[Math.floor(life.reasonDraw * REJECTION_REASONS.length)]!;
    events.push({ type: 'rejected', atSeconds: at(assessedDay + life.rejectAfterDays, life.secondOfDay[1]), paise: null, reason });
  } else {
    // Settled on a whole number of days after filing: within the window, or past it with a reason.
    const earliest = life.assessAfterDays + 2;
    const days = life.late ? window + 1 + Math.floor(life.settleDraw * 40) : earliest + Math.floor(life.settleDraw * (window - earliest + 1));
    const reason = life.late ? LATE_SETTLEMENT_REASONS[Math.floor(life.reasonDraw * LATE_SETTLEMENT_REASONS.length)]! : '';
    events.push({ type: 'settled', atSeconds: at(filedDay + days, life.secondOfDay[2]), paise: assessedPaise, reason });
  }
  return {
    claimId,
    policyId: policy.id,
    incidentSeconds: incidentDay * SECONDS_PER_DAY,
    filedSeconds: events[0]!.atSeconds,
    claimType: policy.product.claimTypes[claimId % policy.product.claimTypes.length]!,
    claimedPaise,
    payoutAccount: draft.payoutAccount,
    sumInsured,
    windowDays: window,
    planted: draft.planted,
    events: events.map((event, i) => {
      const eventId = claimId * 10 + i;
      const late = hashUniform(seed, STREAM_LATE_EVENT, eventId) < LATE_EVENT_SHARE;
      return { ...event, eventId, claimId, arrivalSeconds: event.atSeconds + (late ? SECONDS_PER_DAY : 0) };
    }),
  };
}

/** A settled claim on a day the policy was lapsed: the violation `--dirty` plants. */
export function lapsedPolicyClaim(policy: Policy, versions: readonly PolicyVersion[], lapsedDay: number): Claim {
  const at = (offset: number, second: number) => (lapsedDay + offset) * SECONDS_PER_DAY + second;
  const sumInsured = versionAt(versions, lapsedDay * SECONDS_PER_DAY)!.sumInsured;
  const claimedPaise = Math.round(sumInsured * 0.1 * 100);
  const claimId = policy.id * 100 + LAPSED_CLAIM_SEQUENCE;
  const events: ClaimEvent[] = [
    { eventId: claimId * 10, claimId, type: 'filed', atSeconds: at(1, 36_000), arrivalSeconds: at(1, 36_000), paise: claimedPaise, reason: '' },
    { eventId: claimId * 10 + 1, claimId, type: 'assessed', atSeconds: at(3, 36_000), arrivalSeconds: at(3, 36_000), paise: claimedPaise, reason: '' },
    { eventId: claimId * 10 + 2, claimId, type: 'settled', atSeconds: at(10, 36_000), arrivalSeconds: at(10, 36_000), paise: claimedPaise, reason: '' },
  ];
  return {
    claimId,
    policyId: policy.id,
    incidentSeconds: lapsedDay * SECONDS_PER_DAY,
    filedSeconds: events[0]!.atSeconds,
    claimType: policy.product.claimTypes[0]!,
    claimedPaise,
    payoutAccount: policy.holder.bankAccount,
    sumInsured,
    windowDays: policy.product.settlementWindowDays,
    planted: true,
    events,
  };
}
