/**
 * The hot loop: one day's ratings, tags and watch events, user by user, streamed into their files.
 *
 * A user never rates a movie twice. Their picks come from one stream seeded by their id that
 * continues across days, so a later day replays the user's earlier picks (cheap: only users
 * active that day) to know what they have already rated.
 */
import { dayEnd, dayStart, formatDateTime } from './calendar.js';
import type { Catalogue, Movie } from './catalog.js';
import { popularityTable } from './catalog.js';
import type { CsvFileWriter } from './csv-writer.js';
import { csvField } from './csv-writer.js';
import { AliasTable, Random, cumulativeOf, hashSeed, hashUniform } from './random.js';
import type { User } from './users.js';
import { COUNTRY_CUMULATIVE, DEVICE_CUMULATIVE } from './users.js';
import { COUNTRIES, DEVICES, GENERIC_TAGS, RATING_SHARES, RATING_VALUES } from './vocabulary.js';

export interface ActivityWriters {
  ratings: CsvFileWriter;
  tags: CsvFileWriter;
  watchEvents: CsvFileWriter;
}

export interface ActivityWorld {
  seed: number;
  catalogue: Catalogue;
}

const STREAM_PICKS = 31;
const STREAM_DAY = 32;
const STREAM_ACTIVE = 33;
const STREAM_DIRTY = 34;
/** Movie ids at or above this never exist: rows pointing there are dirty on purpose. */
export const UNKNOWN_MOVIE_ID_BASE = 900_000;
const TAG_RATE = 0.044;
const WATCH_RATE = 0.45;
const ABANDONED_WATCH_RATE = 0.12;
const DIRTY_RATE = 0.001;

/** Rating distributions tilted from MovieLens's shares by a bias of -1 … 1 in 21 steps. */
const RATING_TABLES: Float64Array[] = Array.from({ length: 21 }, (_, level) => {
  const bias = level / 10 - 1;
  return cumulativeOf(RATING_SHARES.map((share, i) => share * Math.exp(1.2 * bias * ((i + 1) / 2 - 3.5))));
});

/** How many movies the user rates on `day` (their first day: their initial batch). */
export function ratingsOnDay(seed: number, user: User, day: number): number {
  if (day < user.firstDay) return 0;
  if (day === user.firstDay) return user.initialRatings;
  const u = hashUniform(seed, STREAM_ACTIVE, user.userId, day);
  const p = Math.min(0.6, 0.12 * user.activity);
  return u < p ? 2 + Math.floor((u / p) * 16) : 0;
}

export async function writeActivity(world: ActivityWorld, users: readonly User[], day: number, writers: ActivityWriters): Promise<void> {
  const { seed, catalogue } = world;
  const tables: AliasTable[] = [];
  const tableFor = (d: number): AliasTable => (tables[d] ??= popularityTable(catalogue, d));
  const marks = new Int32Array(catalogue.movies.length);
  const dirty = new Random(hashSeed(seed, STREAM_DIRTY, day));
  let stamp = 0;

  for (const user of users) {
    const today = ratingsOnDay(seed, user, day);
    if (today === 0) continue;
    stamp++;
    const picks = new Random(hashSeed(seed, STREAM_PICKS, user.userId));
    for (let d = user.firstDay; d < day; d++) {
      const count = ratingsOnDay(seed, user, d);
      if (count > 0) drawPicks(tableFor(d), picks, marks, stamp, count, null);
    }
    const chosen: number[] = [];
    drawPicks(tableFor(day), picks, marks, stamp, today, chosen);

    const random = new Random(hashSeed(seed, STREAM_DAY, user.userId, day));
    const windowStart = day === 1 ? user.signupSeconds : Math.max(user.signupSeconds, dayStart(day));
    const windowEnd = dayEnd(day);
    for (const index of chosen) {
      const movie = catalogue.movies[index] as Movie;
      const from = Math.max(windowStart, movie.releasedSeconds);
      const ratedAt = from + random.int(Math.max(1, windowEnd - from));
      const level = Math.min(20, Math.max(0, Math.round((movie.quality + user.bias + 1) * 10)));
      const ratingIndex = random.pickCumulative(RATING_TABLES[level] as Float64Array);
      writeRating(writers.ratings, dirty, user.userId, movie.movieId, ratingIndex, ratedAt);
      if (random.chance(TAG_RATE)) writeTag(writers.tags, dirty, random, user.userId, movie, ratedAt);
      if (random.chance(WATCH_RATE)) {
        const fraction = ratingIndex >= 5 ? 0.85 + 0.15 * random.next() : 0.3 + 0.7 * random.next();
        const seconds = Math.round(movie.runtimeSeconds * fraction);
        const startedAt = startWithin(random, windowStart, ratedAt - seconds - random.int(7200), ratedAt);
        writeWatch(writers.watchEvents, dirty, random, user, movie.movieId, startedAt, seconds);
      }
      if (random.chance(ABANDONED_WATCH_RATE)) {
        const other = catalogue.movies[tableFor(day).draw(random)] as Movie;
        const startedAt = startWithin(random, windowStart, ratedAt - random.int(86_400), ratedAt);
        writeWatch(writers.watchEvents, dirty, random, user, other.movieId, startedAt, random.between(60, 1500));
      }
    }
    if (writers.ratings.backlogged || writers.tags.backlogged || writers.watchEvents.backlogged) {
      await Promise.all([writers.ratings.settle(), writers.tags.settle(), writers.watchEvents.settle()]);
    }
  }
}

/** `wanted`, or a random moment between the window's start and `latest` if it falls before it. */
function startWithin(random: Random, windowStart: number, wanted: number, latest: number): number {
  return wanted >= windowStart ? wanted : windowStart + random.int(Math.max(1, latest - windowStart));
}

/** Draws `count` distinct movies (fewer when the user has seen nearly everything). */
function drawPicks(table: AliasTable, picks: Random, marks: Int32Array, stamp: number, count: number, out: number[] | null): void {
  for (let n = 0; n < count; n++) {
    for (let tries = 0; tries < 30; tries++) {
      const index = table.draw(picks);
      if (marks[index] !== stamp) {
        marks[index] = stamp;
        out?.push(index);
        break;
      }
    }
  }
}

function writeRating(out: CsvFileWriter, dirty: Random, userId: number, movieId: number, ratingIndex: number, ratedAt: number): void {
  const r = dirty.next();
  const rating = r < DIRTY_RATE ? dirty.pick(['7.0', '0.0', '-1.0', '5.5']) : (RATING_VALUES[ratingIndex] as string);
  const line = `${userId},${movieId},${rating},${ratedAt}`;
  out.row(line);
  if (r >= DIRTY_RATE && r < 2 * DIRTY_RATE) out.row(line); // exact duplicate
  else if (r >= 2 * DIRTY_RATE && r < 3 * DIRTY_RATE) out.row(`${userId},${UNKNOWN_MOVIE_ID_BASE + dirty.int(90_000)},${RATING_VALUES[ratingIndex]},${ratedAt}`);
  else if (r >= 3 * DIRTY_RATE && r < 3.5 * DIRTY_RATE) out.row(`,${movieId},${RATING_VALUES[ratingIndex]},${ratedAt + 1}`);
  else if (r >= 3.5 * DIRTY_RATE && r < 4 * DIRTY_RATE) out.row(`${userId},,${RATING_VALUES[ratingIndex]},${ratedAt + 1}`);
}

function writeTag(out: CsvFileWriter, dirty: Random, random: Random, userId: number, movie: Movie, ratedAt: number): void {
  const fromGenre = movie.genreTags.length > 0 && random.chance(0.6);
  const tag = fromGenre ? random.pick(movie.genreTags) : random.pick(GENERIC_TAGS);
  const line = `${userId},${movie.movieId},${csvField(tag)},${ratedAt + random.int(600)}`;
  out.row(line);
  const r = dirty.next();
  if (r < 10 * DIRTY_RATE) out.row(line);
  else if (r < 15 * DIRTY_RATE) out.row(`${userId},${movie.movieId},,${ratedAt + 1}`);
}

function writeWatch(out: CsvFileWriter, dirty: Random, random: Random, user: User, movieId: number, startedAt: number, seconds: number): void {
  const device = DEVICES[random.chance(0.7) ? user.preferredDevice : random.pickCumulative(DEVICE_CUMULATIVE)]?.name;
  const country = random.chance(0.97) ? user.country : COUNTRIES[random.pickCumulative(COUNTRY_CUMULATIVE)]?.code;
  const started = formatDateTime(startedAt);
  const r = dirty.next();
  const watched = r < DIRTY_RATE ? -seconds : seconds;
  const line = `${user.userId},${movieId},${started},${watched},${device},${country}`;
  out.row(line);
  if (r >= DIRTY_RATE && r < 2 * DIRTY_RATE) out.row(line);
  else if (r >= 2 * DIRTY_RATE && r < 3 * DIRTY_RATE) out.row(`${user.userId},${UNKNOWN_MOVIE_ID_BASE + dirty.int(90_000)},${started},${seconds},${device},${country}`);
  else if (r >= 3 * DIRTY_RATE && r < 3.5 * DIRTY_RATE) out.row(`,${movieId},${started},${seconds},${device},${country}`);
}
