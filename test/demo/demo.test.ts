/**
 * The main job, end to end on DuckDB: two days of sample data loaded and built, then the marts
 * are checked against computations made straight from the landing-zone CSVs with none of the
 * project's SQL.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo, type DemoResult } from '../../src/demo/run-demo.js';
import { loadLandingZone } from '../../src/ingest/index.js';
import { loadProject } from '../../src/project/index.js';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { openAdapter } from '../../src/warehouse/index.js';
import { PROJECT_PARTS, repoRoot } from '../fixtures/movie-repo.js';


let workDir: string;
let demo: DemoResult;
let adapter: Adapter;

const csv = (table: string) => `read_csv('${path.join(demo.landingZone, table)}/*.csv', all_varchar = true, header = true)`;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await adapter.execute(sql)).rows;
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'dailies-demo-'));
  for (const entry of PROJECT_PARTS) cpSync(path.join(repoRoot, entry), path.join(workDir, entry), { recursive: true });
  const project = await loadProject({ projectDir: workDir, env: { HOME: workDir } });
  demo = await runDemo({ project, targetDir: path.join(workDir, 'target') });
  adapter = await openAdapter(project.target);
}, 120_000);

afterAll(async () => {
  await adapter?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('the demo', () => {
  it('builds both days with every model, snapshot and test passing', () => {
    expect(demo.failed).toBe(false);
    expect(demo.days.map((day) => day.day)).toEqual([1, 2]);
    for (const day of demo.days) {
      const statuses = new Set(day.build.results.map((result) => result.status));
      expect([...statuses].sort()).toEqual(['pass', 'success']);
      expect(day.build.results.length).toBeGreaterThan(90);
    }
    expect(demo.headlines.lines.length).toBe(4);
  });

  it('computes every heat-map cell as the landing-zone CSVs say', async () => {
    const independent = `
      with movies as (
        select distinct cast("movieId" as int) as movie_id, genres,
               cast(regexp_extract(trim(title), '\\((\\d{4})\\)$', 1) as int) as release_year
        from ${csv('movies')}
        where regexp_matches("movieId", '^\\d+$') and regexp_matches(trim(title), '\\(\\d{4}\\)$')),
      movie_genres as (
        select distinct movie_id, release_year, unnest(string_split(genres, '|')) as genre
        from movies where genres <> '(no genres listed)'),
      ratings as (
        select distinct "userId", "movieId", rating, "timestamp" from ${csv('ratings')}
        where regexp_matches("userId", '^\\d+$') and regexp_matches("movieId", '^\\d+$')
          and regexp_matches("timestamp", '^\\d+$')
          and rating in ('0.5','1.0','1.5','2.0','2.5','3.0','3.5','4.0','4.5','5.0'))
      select g.genre, g.release_year, count(*) as rating_count,
             round(avg(cast(r.rating as double)), 3) as avg_rating
      from ratings r join movie_genres g on cast(r."movieId" as int) = g.movie_id
      group by all`;
    const built = 'select genre, release_year, rating_count, avg_rating from main.rpt_genre_year_ratings';
    const [{ cells }] = await rows(`select count(*) as cells from (${independent})`);
    expect(Number(cells)).toBeGreaterThan(100);
    expect(await rows(`(${independent}) except (${built})`)).toEqual([]);
    expect(await rows(`(${built}) except (${independent})`)).toEqual([]);
  });

  it('keeps closed and open snapshot versions for exactly the users whose extract changed', async () => {
    const perUser = await rows(`
      select cast("userId" as int) as user_id
      from ${csv('users')}
      where regexp_matches("userId", '^\\d+$')
      group by 1 having count(distinct updated_at) > 1 order by 1`);
    const closed = await rows('select distinct user_id from main.users_snapshot where dbt_valid_to is not null order by 1');
    expect(perUser.length).toBeGreaterThan(0);
    expect(closed.map((row) => Number(row.user_id))).toEqual(perUser.map((row) => Number(row.user_id)));
    const openVersions = await rows(
      'select user_id, count(*) filter (where dbt_valid_to is null) as open from main.users_snapshot group by 1 having open <> 1',
    );
    expect(openVersions).toEqual([]);
  });

  it('loads no landing-zone row twice when the load runs again', async () => {
    const again = await loadLandingZone({ adapter, zone: demo.landingZone });
    expect(again.filesLoaded).toBe(0);
    expect(again.filesSkipped).toBe(12);
    for (const table of ['movies', 'ratings', 'users', 'watch_events']) {
      const [{ raw }] = await rows(`select count(*) as raw from raw.${table}`);
      const [{ files }] = await rows(`select count(*) as files from ${csv(table)}`);
      expect(Number(raw)).toBe(Number(files));
    }
  });
});
