/**
 * The movie catalogue as of a given day: the initial movies (day 1) plus a few new releases each
 * later day. Everything is derived from the seed, so day N's catalogue is the same whichever day
 * is being generated.
 */
import { yearStart } from './calendar.js';
import { AliasTable, Random, cumulativeOf, hashSeed } from './random.js';
import { GENRES, GENRE_TAGS, NO_GENRES, TITLE_ADJECTIVES, TITLE_EXTRAS, TITLE_NOUNS } from './vocabulary.js';

export interface Movie {
  movieId: number;
  /** MovieLens style, e.g. `Silent River, The (1995)`. */
  title: string;
  /** Pipe-separated genre names or `(no genres listed)`. */
  genres: string;
  /** Tags that suit the movie's genres. */
  genreTags: readonly string[];
  year: number;
  /** Epoch seconds of 1 January of `year`: nobody rates it earlier. */
  releasedSeconds: number;
  /** Shifts its ratings up or down (roughly -1 … 1). */
  quality: number;
  runtimeSeconds: number;
  /** Relative popularity (Zipf-like). */
  popularity: number;
  imdbId: number;
  /** Empty for a few movies, as in MovieLens. */
  tmdbId: number | null;
  /** The batch in which it first appears. */
  addedOnDay: number;
}

export interface Catalogue {
  movies: Movie[];
  /** How many movies exist at the end of day d: `countByDay[d]` (the first that many of `movies`). */
  countByDay: number[];
}

const ZIPF_EXPONENT = 1.25;
const GENRE_CUMULATIVE = cumulativeOf(GENRES.map((g) => g.weight));
const STREAM_MOVIES = 11;

export function newMoviesPerDay(baseMovies: number): number {
  return Math.max(3, Math.round(baseMovies * 0.001));
}

/** Builds the catalogue for days 1 … `day`. */
export function buildCatalogue(seed: number, baseMovies: number, day: number): Catalogue {
  const movies: Movie[] = [];
  const countByDay: number[] = [0];
  let nextId = 1;
  for (let d = 1; d <= day; d++) {
    const random = new Random(hashSeed(seed, STREAM_MOVIES, d));
    const count = d === 1 ? baseMovies : newMoviesPerDay(baseMovies);
    // Day 1's popularity ranks are a permutation (a stable long tail); new releases draw theirs.
    const ranks = d === 1 ? shuffledRanks(random, count) : null;
    for (let i = 0; i < count; i++) {
      // MovieLens ids have gaps; so do ours.
      if (random.chance(0.25)) nextId += random.between(1, 4);
      movies.push(makeMovie(random, nextId++, d, ranks?.[i] ?? 1 + random.int(baseMovies)));
    }
    countByDay.push(movies.length);
  }
  return { movies, countByDay };
}

function shuffledRanks(random: Random, count: number): Int32Array {
  const ranks = new Int32Array(count);
  for (let i = 0; i < count; i++) ranks[i] = i + 1;
  for (let i = count - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const swap = ranks[i] as number;
    ranks[i] = ranks[j] as number;
    ranks[j] = swap;
  }
  return ranks;
}

function makeMovie(random: Random, movieId: number, day: number, rank: number): Movie {
  const year = day === 1 ? releaseYear(random) : 2024;
  const genreIndexes = pickGenres(random);
  const genreBias = genreIndexes.length === 0 ? 0 : genreIndexes.reduce((sum, g) => sum + (GENRES[g]?.bias ?? 0), 0) / genreIndexes.length;
  const quality = genreBias + random.gaussian() * 0.3 + (year < 1980 ? 0.15 : 0) + 0.03;
  return {
    movieId,
    title: `${makeTitle(random)} (${year})`,
    genres: genreIndexes.length === 0 ? NO_GENRES : genreIndexes.map((g) => GENRES[g]?.name).join('|'),
    genreTags: genreIndexes.flatMap((g) => GENRE_TAGS[GENRES[g]?.name ?? ''] ?? []),
    year,
    releasedSeconds: yearStart(year),
    quality,
    runtimeSeconds: random.between(75, 175) * 60,
    // weight 1 / rank^s: the long tail.
    popularity: 1 / Math.pow(rank, ZIPF_EXPONENT),
    imdbId: 100_000 + movieId * 37 + random.int(30),
    tmdbId: random.chance(0.01) ? null : 800 + movieId * 3 + random.int(3),
    addedOnDay: day,
  };
}

/** 1920–2023, most of them recent. */
function releaseYear(random: Random): number {
  const r = random.next();
  if (r < 0.1) return random.between(1920, 1969);
  if (r < 0.3) return random.between(1970, 1994);
  return random.between(1995, 2023);
}

function pickGenres(random: Random): number[] {
  if (random.chance(0.01)) return [];
  const count = random.chance(0.4) ? 1 : random.chance(0.6) ? 2 : random.between(3, 4);
  const picked = new Set<number>();
  for (let tries = 0; picked.size < count && tries < 20; tries++) picked.add(random.pickCumulative(GENRE_CUMULATIVE));
  // MovieLens lists genres alphabetically.
  return [...picked].sort((a, b) => (GENRES[a]?.name ?? '').localeCompare(GENRES[b]?.name ?? ''));
}

function makeTitle(random: Random): string {
  const adjective = random.pick(TITLE_ADJECTIVES);
  const noun = random.pick(TITLE_NOUNS);
  const extra = random.chance(0.15) ? ` ${random.pick(TITLE_EXTRAS)}` : '';
  const r = random.next();
  // MovieLens moves a leading article to the end: "Silent River, The".
  if (r < 0.25) return `${adjective} ${noun}${extra}, The`;
  if (r < 0.3) return `"${adjective}" ${noun}${extra}`;
  if (r < 0.4) return `${noun} of the ${adjective}${extra}`;
  return `${adjective} ${noun}${extra}`;
}

/** O(1) popularity-weighted draws among the movies that exist on `day`. */
export function popularityTable(catalogue: Catalogue, day: number): AliasTable {
  const count = catalogue.countByDay[day] ?? catalogue.movies.length;
  const weights = new Float64Array(count);
  for (let i = 0; i < count; i++) weights[i] = catalogue.movies[i]?.popularity ?? 0;
  return new AliasTable(weights);
}
