/**
 * Who exists on a given day: agents, policyholders and their policies. Every trait comes from a
 * stream seeded by the entity's id, and new policyholders arrive at a fixed rate per later day, so
 * day N's world is day N-1's plus day N's arrivals whichever day is generated.
 */
import { DAY_ONE_START, SECONDS_PER_DAY, dayStart } from '../sample-data/calendar.js';
import { Random, cumulativeOf, hashSeed, hashUniform } from '../sample-data/random.js';
import { BRANCHES, FIRST_NAMES, LAST_NAMES, OCCUPATIONS, PLANS, PRODUCTS, type Product } from './vocabulary.js';

/** The first policies of the sample book start on this date. */
export const HISTORY_START = Date.UTC(2022, 0, 1) / 1000;

/** A suspicious policyholder's planted pattern (see claims.ts). */
export type FraudPattern = 'early_large_claim' | 'shared_bank_account' | 'repeated_claims';

export interface Policyholder {
  id: number;
  firstName: string;
  lastName: string;
  birthSeconds: number;
  gender: 'F' | 'M';
  branchId: number;
  occupation: string;
  riskClass: number;
  smoker: boolean;
  bankAccount: string;
  /** When the holder's first policy starts (the holder's record is created then). */
  createdSeconds: number;
  fraud: FraudPattern | null;
}

export interface Policy {
  id: number;
  holder: Policyholder;
  agentId: number;
  product: Product;
  /** Index into PLANS of the first version. */
  plan: number;
  startSeconds: number;
}

export interface World {
  agents: { id: number; name: string; branchId: number; joinedSeconds: number }[];
  holders: Policyholder[];
  policies: Policy[];
}

const STREAM_HOLDER = 101;
const STREAM_FRAUD = 102;
const FRAUD_SHARE = 0.02;
const PRODUCT_CUMULATIVE = cumulativeOf(PRODUCTS.map((p) => p.weight));
const PLAN_CUMULATIVE = cumulativeOf(PLANS.map((p) => p.weight));
const OCCUPATION_CUMULATIVE = cumulativeOf(OCCUPATIONS.map((o) => o.weight));

export function baseHolderCount(scale: number): number {
  return Math.max(300, Math.round(100_000 * scale));
}

export function newHoldersPerDay(baseHolders: number): number {
  return Math.max(2, Math.round(baseHolders * 0.003));
}

export function holderCountOnDay(baseHolders: number, day: number): number {
  return baseHolders + (day - 1) * newHoldersPerDay(baseHolders);
}

function agentCount(baseHolders: number): number {
  return Math.max(12, Math.round(baseHolders / 60));
}

/** Everyone and every policy existing by the end of `day`. */
export function worldOnDay(seed: number, scale: number, day: number): World {
  const base = baseHolderCount(scale);
  const agents = Array.from({ length: agentCount(base) }, (_, i) => {
    const random = new Random(hashSeed(seed, STREAM_HOLDER, -1 - i));
    return {
      id: i + 1,
      name: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
      branchId: (i % BRANCHES.length) + 1,
      joinedSeconds: HISTORY_START - random.between(30, 2000) * SECONDS_PER_DAY,
    };
  });
  const holders: Policyholder[] = [];
  const policies: Policy[] = [];
  const total = holderCountOnDay(base, day);
  for (let id = 1; id <= total; id++) {
    const random = new Random(hashSeed(seed, STREAM_HOLDER, id));
    const firstDay = id <= base ? 1 : 2 + Math.floor((id - base - 1) / newHoldersPerDay(base));
    const starts: number[] = [];
    if (firstDay === 1) {
      const count = random.chance(0.7) ? 1 : random.chance(0.83) ? 2 : 3;
      for (let i = 0; i < count; i++) starts.push(HISTORY_START + random.int(DAY_ONE_START - HISTORY_START));
      starts.sort((a, b) => a - b);
    } else {
      starts.push(dayStart(firstDay) + random.int(SECONDS_PER_DAY));
    }
    const occupation = OCCUPATIONS[random.pickCumulative(OCCUPATION_CUMULATIVE)]!;
    const ageAtStart = random.between(18, 72);
    const holder: Policyholder = {
      id,
      firstName: random.pick(FIRST_NAMES),
      lastName: random.pick(LAST_NAMES),
      birthSeconds: starts[0]! - ageAtStart * 365.25 * SECONDS_PER_DAY - random.int(365) * SECONDS_PER_DAY,
      gender: random.chance(0.5) ? 'F' : 'M',
      branchId: random.between(1, BRANCHES.length),
      occupation: occupation.name,
      riskClass: occupation.riskClass,
      smoker: random.chance(0.15),
      bankAccount: `IN${String(hashSeed(seed, 7, id) % 1_000_000_000).padStart(9, '0')}${String(id).padStart(7, '0')}`,
      createdSeconds: starts[0]!,
      fraud: fraudPattern(seed, id),
    };
    holders.push(holder);
    for (const start of starts) {
      const agentId = random.between(1, agents.length);
      policies.push({
        id: policies.length + 1,
        holder,
        agentId,
        product: PRODUCTS[random.pickCumulative(PRODUCT_CUMULATIVE)]!,
        plan: random.pickCumulative(PLAN_CUMULATIVE),
        startSeconds: start,
      });
    }
  }
  return { agents, holders, policies };
}

function fraudPattern(seed: number, holderId: number): FraudPattern | null {
  const u = hashUniform(seed, STREAM_FRAUD, holderId);
  if (u >= FRAUD_SHARE) return null;
  const patterns: FraudPattern[] = ['early_large_claim', 'shared_bank_account', 'repeated_claims'];
  return patterns[Math.floor((u / FRAUD_SHARE) * patterns.length)]!;
}

/** Whole years between two instants, as a birthday count. */
export function ageAt(birthSeconds: number, atSeconds: number): number {
  const birth = new Date(birthSeconds * 1000);
  const at = new Date(atSeconds * 1000);
  let age = at.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    at.getUTCMonth() < birth.getUTCMonth() || (at.getUTCMonth() === birth.getUTCMonth() && at.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}
