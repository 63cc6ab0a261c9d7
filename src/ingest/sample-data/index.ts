/**
 * `generateSampleData`: writes one day's batch of MovieLens-shaped landing-zone CSVs
 * (`<outDir>/<table>/<table>_day<NNN>.csv`) deterministically from a seed.
 *
 * Day 1 is the initial load (every movie, link and user, and the rating history); day N > 1 adds
 * that day's new ratings, tags and watch events, a few new movies (and their links) and a full
 * users extract in which ~5% of users changed country or plan.
 */
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DailiesError } from '../../errors.js';
import { writeActivity } from './activity.js';
import { formatDate, formatDateTime } from './calendar.js';
import { buildCatalogue, type Movie } from './catalog.js';
import { CsvFileWriter, csvField } from './csv-writer.js';
import { Random, hashSeed } from './random.js';
import { population, usersOnDay, type User } from './users.js';

export interface SampleDataOptions {
  outDir: string;
  /** 1 ≈ MovieLens 25M (25M ratings, 162k users, 62k movies). Default {@link DEFAULT_SCALE}. */
  scale?: number;
  /** Which day's batch to write (1 = initial load). Default 1. */
  day?: number;
  /** Default {@link DEFAULT_SEED}. */
  seed?: number;
}

export interface SampleDataFile {
  table: SampleTable;
  /** The file written (absolute when `outDir` is). */
  path: string;
  /** Its key in the landing zone: relative to `outDir`, forward slashes, e.g. `ratings/ratings_day001.csv`. */
  key: string;
  rows: number;
  bytes: number;
}

export interface SampleDataReport {
  outDir: string;
  scale: number;
  day: number;
  seed: number;
  files: SampleDataFile[];
  totalRows: number;
  totalBytes: number;
  seconds: number;
}

export type SampleTable = 'movies' | 'links' | 'users' | 'ratings' | 'tags' | 'watch_events';

/** The landing-zone contract: each table's CSV header, exactly. */
export const SAMPLE_TABLE_HEADERS: Readonly<Record<SampleTable, readonly string[]>> = {
  movies: ['movieId', 'title', 'genres'],
  links: ['movieId', 'imdbId', 'tmdbId'],
  users: ['userId', 'country', 'plan', 'signup_date', 'updated_at'],
  ratings: ['userId', 'movieId', 'rating', 'timestamp'],
  tags: ['userId', 'movieId', 'tag', 'timestamp'],
  watch_events: ['userId', 'movieId', 'started_at', 'seconds_watched', 'device', 'country'],
};

/** Small enough for tests and the demo (≈ 400 movies, 325 users, 50k ratings; well under a second). */
export const DEFAULT_SCALE = 0.002;
export const DEFAULT_SEED = 42;
const STREAM_FILE_DIRT = 41;
/** Tables whose rows are numbers, dates and codes only. */
const ASCII_TABLES: readonly SampleTable[] = ['links', 'users', 'ratings', 'watch_events'];

/** `ratings` + day 3 → `ratings/ratings_day003.csv`. */
export function sampleFilePath(table: string, day: number): string {
  return `${table}/${table}_day${String(day).padStart(3, '0')}.csv`;
}

export async function generateSampleData(options: SampleDataOptions): Promise<SampleDataReport> {
  const started = performance.now();
  const scale = options.scale ?? DEFAULT_SCALE;
  const day = options.day ?? 1;
  const seed = options.seed ?? DEFAULT_SEED;
  validate(scale, day, seed);

  const baseMovies = Math.max(400, Math.round(62_423 * scale));
  const baseUsers = Math.max(200, Math.round(162_541 * scale));
  const people = population(baseUsers, baseMovies);
  const catalogue = buildCatalogue(seed, baseMovies, day);
  const users = usersOnDay(seed, people, day);

  const open = (table: SampleTable) =>
    CsvFileWriter.create(join(options.outDir, sampleFilePath(table, day)), SAMPLE_TABLE_HEADERS[table], ASCII_TABLES.includes(table));
  const writers = {
    movies: await open('movies'),
    links: await open('links'),
    users: await open('users'),
    ratings: await open('ratings'),
    tags: await open('tags'),
    watch_events: await open('watch_events'),
  } satisfies Record<SampleTable, CsvFileWriter>;

  try {
    const dirt = new Random(hashSeed(seed, STREAM_FILE_DIRT, day));
    const newMovies = catalogue.movies.filter((m) => m.addedOnDay === day);
    writeMovies(writers.movies, writers.links, newMovies, dirt);
    writeUsers(writers.users, users, dirt);
    await writeActivity({ seed, catalogue }, users, day, { ratings: writers.ratings, tags: writers.tags, watchEvents: writers.watch_events });
  } finally {
    await Promise.all(Object.values(writers).map((w) => w.close()));
  }

  const files: SampleDataFile[] = (Object.entries(writers) as [SampleTable, CsvFileWriter][]).map(([table, writer]) => ({
    table,
    path: writer.path,
    key: relative(options.outDir, writer.path).split('\\').join('/'),
    rows: writer.rows,
    bytes: writer.bytes,
  }));
  return {
    outDir: options.outDir,
    scale,
    day,
    seed,
    files,
    totalRows: files.reduce((sum, f) => sum + f.rows, 0),
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    seconds: (performance.now() - started) / 1000,
  };
}

function validate(scale: number, day: number, seed: number): void {
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) {
    throw new DailiesError('usage', `sample-data scale must be a number above 0 and at most 10, got ${scale}`, {
      hint: `use e.g. --scale ${DEFAULT_SCALE} (the default, seconds) or --scale 1 (MovieLens 25M size)`,
    });
  }
  if (!Number.isInteger(day) || day < 1 || day > 999) {
    throw new DailiesError('usage', `sample-data day must be a whole number from 1 to 999, got ${day}`, {
      hint: 'day 1 is the initial load; --day 2, 3, … write the later daily batches',
    });
  }
  if (!Number.isInteger(seed)) {
    throw new DailiesError('usage', `sample-data seed must be a whole number, got ${seed}`, { hint: `omit it to use ${DEFAULT_SEED}` });
  }
}

/** Movies and their links; a couple of exact duplicate movie rows on purpose. */
function writeMovies(movies: CsvFileWriter, links: CsvFileWriter, newMovies: readonly Movie[], dirt: Random): void {
  for (const movie of newMovies) {
    const line = `${movie.movieId},${csvField(movie.title)},${csvField(movie.genres)}`;
    movies.row(line);
    if (dirt.chance(0.004)) movies.row(line);
    const imdb = String(movie.imdbId).padStart(7, '0');
    links.row(`${movie.movieId},${imdb},${movie.tmdbId ?? ''}`);
  }
}

/** A full extract of every user as of the day; a few exact duplicate rows on purpose. */
function writeUsers(out: CsvFileWriter, users: readonly User[], dirt: Random): void {
  for (const user of users) {
    const line = `${user.userId},${user.country},${user.plan},${formatDate(user.signupSeconds)},${formatDateTime(user.updatedAtSeconds)}`;
    out.row(line);
    if (dirt.chance(0.005)) out.row(line);
  }
}
