/**
 * The user population as of a given day. Each user's fixed traits come from a stream seeded by
 * their id; who changes country or plan on day d depends only on (seed, day, population), so
 * day N's state is day N-1's plus day N's changes, whichever day is generated.
 */
import { DAY_ONE_START, FIRST_SIGNUP, dayEnd, dayStart } from './calendar.js';
import { Random, cumulativeOf, hashSeed } from './random.js';
import { COUNTRIES, DEVICES, PLANS } from './vocabulary.js';

export interface User {
  userId: number;
  /** The batch in which the user first appears (1 for the initial population). */
  firstDay: number;
  signupSeconds: number;
  /** How many ratings the user gives on their first day (≥ 22). */
  initialRatings: number;
  /** Relative activity: scales later days' ratings. */
  activity: number;
  /** Added to every rating's tilt: some users are generous, some harsh. */
  bias: number;
  preferredDevice: number;
  country: string;
  plan: string;
  updatedAtSeconds: number;
}

/** Share of existing users who change country or plan on each later day. */
export const DAILY_CHANGE_RATE = 0.05;
/** MovieLens 25M averages ~154 ratings a user; the lognormal below matches that before capping. */
const MEAN_EXTRA_RATINGS = 134;
const STREAM_USER = 21;
const STREAM_CHANGE = 22;

export const COUNTRY_CUMULATIVE = cumulativeOf(COUNTRIES.map((c) => c.weight));
export const DEVICE_CUMULATIVE = cumulativeOf(DEVICES.map((d) => d.weight));
const PLAN_CUMULATIVE = cumulativeOf(PLANS.map((p) => p.weight));

export function newUsersPerDay(baseUsers: number): number {
  return Math.max(2, Math.round(baseUsers * 0.003));
}

/** How many users exist at the end of `day`; ids are 1 … that count. */
export function userCountOnDay(baseUsers: number, day: number): number {
  return baseUsers + (day - 1) * newUsersPerDay(baseUsers);
}

export function firstDayOf(userId: number, baseUsers: number): number {
  return userId <= baseUsers ? 1 : 2 + Math.floor((userId - baseUsers - 1) / newUsersPerDay(baseUsers));
}

export interface Population {
  baseUsers: number;
  /** Cap on a user's initial ratings (a share of the catalogue at small scales). */
  maxRatings: number;
  /** Shrinks everyone's rating count when the catalogue is small, so popular movies stay popular. */
  ratingsFactor: number;
}

/** Users and rating volume for a catalogue of `baseMovies` and `baseUsers`. */
export function population(baseUsers: number, baseMovies: number): Population {
  return {
    baseUsers,
    maxRatings: Math.min(Math.floor(baseMovies * 0.4), 6000),
    ratingsFactor: Math.min(1, (baseMovies * 0.1) / MEAN_EXTRA_RATINGS),
  };
}

/**
 * Every user existing at the end of `day`, ids 1 … n, with their country/plan as of that day.
 * On each later day exactly {@link DAILY_CHANGE_RATE} of the users who existed the day before
 * (those with the lowest hash of (seed, id, day)) change plan, country or both.
 */
export function usersOnDay(seed: number, people: Population, day: number): User[] {
  const users: User[] = [];
  for (let id = 1; id <= userCountOnDay(people.baseUsers, day); id++) users.push(initialUser(seed, id, people));
  for (let d = 2; d <= day; d++) {
    const existing = userCountOnDay(people.baseUsers, d - 1);
    const byHash = users.slice(0, existing).map((user) => ({ user, h: hashSeed(seed, STREAM_CHANGE, user.userId, d) }));
    byHash.sort((a, b) => a.h - b.h || a.user.userId - b.user.userId);
    const changing = Math.round(existing * DAILY_CHANGE_RATE);
    for (const { user } of byHash.slice(0, changing)) applyChange(seed, user, d);
  }
  return users;
}

/** The user's traits and their state when they first appear. */
function initialUser(seed: number, userId: number, people: Population): User {
  const { baseUsers, maxRatings, ratingsFactor } = people;
  const random = new Random(hashSeed(seed, STREAM_USER, userId));
  const firstDay = firstDayOf(userId, baseUsers);
  const signupSeconds =
    firstDay === 1
      ? Math.floor(FIRST_SIGNUP + (DAY_ONE_START - FIRST_SIGNUP) * Math.sqrt(random.next()))
      : dayStart(firstDay) + random.int(80_000);
  const extra = ratingsFactor * Math.exp(Math.log(MEAN_EXTRA_RATINGS) - 0.72 + 1.2 * random.gaussian());
  // 22, not 20: a dirty (out-of-range) rating replaces a good one now and then; 20 clean ones remain.
  const initialRatings = Math.min(maxRatings, 22 + Math.floor(extra));
  const user: User = {
    userId,
    firstDay,
    signupSeconds,
    initialRatings,
    activity: initialRatings / 154,
    bias: random.gaussian() * 0.3,
    preferredDevice: random.pickCumulative(DEVICE_CUMULATIVE),
    country: COUNTRIES[random.pickCumulative(COUNTRY_CUMULATIVE)]?.code ?? 'US',
    plan: PLANS[random.pickCumulative(PLAN_CUMULATIVE)]?.name ?? 'basic',
    updatedAtSeconds: signupSeconds,
  };
  if (firstDay === 1 && random.chance(0.3)) {
    user.updatedAtSeconds = signupSeconds + random.int(Math.max(1, dayEnd(1) - signupSeconds));
  }
  return user;
}

function applyChange(seed: number, user: User, day: number): void {
  const random = new Random(hashSeed(seed, STREAM_CHANGE, user.userId, day, 1));
  const kind = random.next();
  if (kind < 0.7) user.plan = otherThan(random, PLANS.map((p) => p.name), PLAN_CUMULATIVE, user.plan);
  if (kind >= 0.6) user.country = otherThan(random, COUNTRIES.map((c) => c.code), COUNTRY_CUMULATIVE, user.country);
  user.updatedAtSeconds = dayStart(day) + random.int(86_400);
}

function otherThan(random: Random, names: readonly string[], cumulative: Float64Array, current: string): string {
  for (let tries = 0; tries < 50; tries++) {
    const name = names[random.pickCumulative(cumulative)] as string;
    if (name !== current) return name;
  }
  return names.find((n) => n !== current) ?? current;
}
