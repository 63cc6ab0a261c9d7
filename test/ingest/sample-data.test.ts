import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailiesError } from '../../src/errors.js';
import { SAMPLE_TABLE_HEADERS, generateSampleData, type SampleDataReport } from '../../src/ingest/index.js';
import { readCsvFile } from '../fixtures/ingest/csv.js';

let root: string;
let day1: SampleDataReport;
const zone = () => join(root, 'zone');
const file = (table: string, day: number) => join(zone(), table, `${table}_day${String(day).padStart(3, '0')}.csv`);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dailies-sample-'));
  day1 = await generateSampleData({ outDir: zone() });
  await generateSampleData({ outDir: zone(), day: 2 });
  await generateSampleData({ outDir: zone(), day: 3 });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generateSampleData', () => {
  it('writes every table of the landing-zone contract with its exact header', () => {
    expect(day1.files.map((f) => f.key).sort()).toEqual([
      'links/links_day001.csv',
      'movies/movies_day001.csv',
      'ratings/ratings_day001.csv',
      'tags/tags_day001.csv',
      'users/users_day001.csv',
      'watch_events/watch_events_day001.csv',
    ]);
    for (const [table, header] of Object.entries(SAMPLE_TABLE_HEADERS)) {
      const { header: written, rows } = readCsvFile(file(table, 1));
      expect(written).toEqual(header);
      expect(day1.files.find((f) => f.table === table)?.rows).toBe(rows.length);
    }
  });

  it('is deterministic: the same options write byte-identical files', async () => {
    const again = join(root, 'again');
    const report = await generateSampleData({ outDir: again });
    expect(report.files.map((f) => [f.key, f.rows, f.bytes])).toEqual(day1.files.map((f) => [f.key, f.rows, f.bytes]));
    for (const f of report.files) {
      const [first, second] = [await readFile(join(zone(), f.key)), await readFile(join(again, f.key))];
      expect(first.length).toBe(f.bytes);
      expect(second.equals(first), f.key).toBe(true);
    }
    const otherSeed = await generateSampleData({ outDir: join(root, 'seed7'), seed: 7 });
    const ratings = (dir: string) => readFile(join(dir, 'ratings/ratings_day001.csv'), 'utf8');
    expect(await ratings(join(root, 'seed7'))).not.toEqual(await ratings(zone()));
    expect(otherSeed.totalBytes).toBeGreaterThan(0);
  });

  it('has enough catalogue for the marts: hundreds of movies, 15+ genres, 30+ years, 200+ users', () => {
    const movies = readCsvFile(file('movies', 1)).rows;
    expect(new Set(movies.map((m) => m.movieId)).size).toBeGreaterThanOrEqual(300);
    const genres = new Set(movies.flatMap((m) => (m.genres ?? '').split('|')));
    expect(genres.size).toBeGreaterThanOrEqual(15);
    const years = movies.map((m) => Number(/\((\d{4})\)$/.exec(m.title ?? '')?.[1]));
    expect(years.every((y) => y >= 1900 && y <= 2024)).toBe(true);
    expect(Math.max(...years) - Math.min(...years)).toBeGreaterThanOrEqual(30);
    expect(movies.some((m) => (m.title ?? '').includes(', The ('))).toBe(true);
    const users = readCsvFile(file('users', 1)).rows;
    expect(new Set(users.map((u) => u.userId)).size).toBeGreaterThanOrEqual(200);
    expect(new Set(users.map((u) => u.country)).size).toBeGreaterThanOrEqual(15);
    for (const u of users) {
      expect(u.plan).toMatch(/^(basic|standard|premium)$/);
      expect(u.signup_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(u.updated_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    for (const link of readCsvFile(file('links', 1)).rows) expect(link.imdbId).toMatch(/^\d{7}$/);
  });

  it('rates like MovieLens: mean ≈ 3.5, whole stars commoner than halves, every user ≥ 20 ratings, a long tail', () => {
    const movieIds = new Set(readCsvFile(file('movies', 1)).rows.map((m) => m.movieId));
    const ratings = readCsvFile(file('ratings', 1)).rows;
    const clean = ratings.filter((r) => r.userId && movieIds.has(r.movieId ?? '') && Number(r.rating) >= 0.5 && Number(r.rating) <= 5);
    const values = clean.map((r) => Number(r.rating));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(3.3);
    expect(mean).toBeLessThan(3.7);
    const halves = values.filter((v) => v % 1 !== 0).length;
    expect(halves).toBeGreaterThan(0);
    expect(halves).toBeLessThan(values.length - halves);
    expect(values.every((v) => v * 2 === Math.round(v * 2))).toBe(true);

    const perUser = countBy(clean, (r) => r.userId ?? '');
    expect(perUser.size).toBe(new Set(readCsvFile(file('users', 1)).rows.map((u) => u.userId)).size);
    expect(Math.min(...perUser.values())).toBeGreaterThanOrEqual(20);

    const perMovie = [...countBy(clean, (r) => r.movieId ?? '').values()].sort((a, b) => b - a);
    const top = perMovie.slice(0, Math.ceil(movieIds.size / 10)).reduce((a, b) => a + b, 0);
    expect(top / clean.length).toBeGreaterThan(0.4);
  });

  it('includes dirty rows for staging to clean', () => {
    const movieIds = new Set(readCsvFile(file('movies', 1)).rows.map((m) => m.movieId));
    const { rows: ratings, lines } = readCsvFile(file('ratings', 1));
    expect(ratings.filter((r) => !r.userId || !r.movieId).length).toBeGreaterThan(0);
    expect(ratings.filter((r) => r.movieId && !movieIds.has(r.movieId)).length).toBeGreaterThan(0);
    expect(ratings.filter((r) => r.rating && (Number(r.rating) > 5 || Number(r.rating) < 0.5)).length).toBeGreaterThan(0);
    expect(lines.length - new Set(lines).size).toBeGreaterThan(0);
    const watches = readCsvFile(file('watch_events', 1)).rows;
    expect(watches.filter((w) => Number(w.seconds_watched) < 0).length).toBeGreaterThan(0);
    expect(watches.filter((w) => w.movieId && !movieIds.has(w.movieId)).length).toBeGreaterThan(0);
    for (const w of watches.slice(0, 200)) {
      expect(w.device).toMatch(/^(tv|mobile|web|tablet)$/);
      expect(w.started_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
  });

  it('day 2 is a batch: new ratings only, a few new movies, a full users extract with ~5% changed', () => {
    const users1 = byId(readCsvFile(file('users', 1)).rows);
    const users2 = byId(readCsvFile(file('users', 2)).rows);
    expect(users2.size).toBeGreaterThanOrEqual(users1.size);
    const changed = [...users1.keys()].filter((id) => JSON.stringify(users1.get(id)) !== JSON.stringify(users2.get(id)));
    expect(changed.length / users1.size).toBeGreaterThan(0.03);
    expect(changed.length / users1.size).toBeLessThan(0.07);
    for (const id of changed) {
      const [before, after] = [users1.get(id), users2.get(id)];
      expect(before?.country !== after?.country || before?.plan !== after?.plan).toBe(true);
      expect(after?.updated_at.startsWith('2024-01-02')).toBe(true);
      expect(after?.signup_date).toBe(before?.signup_date);
    }

    const newMovies = readCsvFile(file('movies', 2)).rows;
    expect(newMovies.length).toBeGreaterThan(0);
    expect(newMovies.length).toBeLessThan(20);
    const day1Ids = new Set(readCsvFile(file('movies', 1)).rows.map((m) => m.movieId));
    expect(newMovies.every((m) => !day1Ids.has(m.movieId))).toBe(true);

    const ratings2 = readCsvFile(file('ratings', 2)).rows;
    expect(ratings2.length).toBeGreaterThan(0);
    const dayStart = Date.UTC(2024, 0, 2) / 1000;
    expect(ratings2.every((r) => Number(r.timestamp) >= dayStart && Number(r.timestamp) < dayStart + 86_400)).toBe(true);
    const rated1 = new Set(readCsvFile(file('ratings', 1)).rows.filter((r) => r.userId && r.movieId).map((r) => `${r.userId}:${r.movieId}`));
    expect(ratings2.filter((r) => rated1.has(`${r.userId}:${r.movieId}`))).toEqual([]);
  });

  it('day 3 builds on day 2: users who changed on day 2 keep that state unless they change again', () => {
    const users2 = byId(readCsvFile(file('users', 2)).rows);
    const users3 = byId(readCsvFile(file('users', 3)).rows);
    const changedOn3 = [...users2.keys()].filter((id) => JSON.stringify(users2.get(id)) !== JSON.stringify(users3.get(id)));
    expect(changedOn3.length).toBeGreaterThan(0);
    for (const id of changedOn3) expect(users3.get(id)?.updated_at.startsWith('2024-01-03')).toBe(true);
    for (const [id, user] of users2) if (!changedOn3.includes(id)) expect(users3.get(id)).toEqual(user);
  });

  it('refuses a bad scale or day with a usage error', async () => {
    await expect(generateSampleData({ outDir: join(root, 'bad'), scale: 0 })).rejects.toThrow(DailiesError);
    await expect(generateSampleData({ outDir: join(root, 'bad'), day: 0 })).rejects.toThrow(/day must be a whole number/);
  });
});

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function byId(rows: Record<string, string>[]): Map<string, Record<string, string>> {
  return new Map(rows.map((r) => [r.userId ?? '', r]));
}
