import { describe, expect, it } from 'vitest';
import { LineageResolver, type UpstreamRelation } from '../../src/docs/column-lineage/resolve.js';
import { parseSelectStatements } from '../../src/warehouse/duckdb/index.js';

async function lineage(sql: string, upstream: UpstreamRelation[]): Promise<Record<string, string[]>> {
  const [tree] = await parseSelectStatements([sql]);
  if (!tree!.ok) throw new Error(tree!.error);
  const columns = new LineageResolver(upstream).resolve(tree!.statement);
  return Object.fromEntries(columns.map((column) => [column.name, column.origins.map((origin) => `${origin.node}.${origin.column}`)]));
}

const ratings: UpstreamRelation = { node: 'model.p.fct_ratings', schema: 'main', identifier: 'fct_ratings', columns: ['rating_id', 'movie_id', 'user_id', 'rating'] };
const movies: UpstreamRelation = { node: 'model.p.dim_movies', schema: 'main', identifier: 'dim_movies', columns: ['movie_id', 'title', 'release_year'] };
const raw: UpstreamRelation = { node: 'source.p.raw.users', schema: 'raw', identifier: 'users', columns: null };

describe('column-level lineage from the parsed SQL', () => {
  it('traces columns through CTEs, aliases, joins and expressions', async () => {
    const sql = `with r as (select movie_id, user_id, rating as stars from "main"."fct_ratings"),
      m as (select * from "main"."dim_movies")
      select m.title || ' (' || cast(m.release_year as varchar) || ')' as label, r.stars, count(distinct r.user_id) as raters, m.movie_id
      from r inner join m on r.movie_id = m.movie_id group by all`;
    expect(await lineage(sql, [ratings, movies])).toEqual({
      label: ['model.p.dim_movies.release_year', 'model.p.dim_movies.title'],
      stars: ['model.p.fct_ratings.rating'],
      raters: ['model.p.fct_ratings.user_id'],
      movie_id: ['model.p.dim_movies.movie_id'],
    });
  });

  it('expands star with exclusions, subqueries with column aliases and union by position', async () => {
    const sql = `select * exclude (title) from (select movie_id, title, release_year from main.dim_movies) as t
      union all select movie_id, 'x', rating from main.fct_ratings`;
    expect(await lineage(sql, [ratings, movies])).toEqual({
      movie_id: ['model.p.dim_movies.movie_id', 'model.p.fct_ratings.movie_id'],
      release_year: ['model.p.dim_movies.release_year', 'model.p.fct_ratings.rating'],
    });
  });

  it('maps names read from a relation of unknown columns to that relation, and leaves ambiguity out', async () => {
    expect(await lineage('select "userId" as user_id, lower(country) as country from raw.users', [raw])).toEqual({
      user_id: ['source.p.raw.users.userId'],
      country: ['source.p.raw.users.country'],
    });
    const other: UpstreamRelation = { ...raw, node: 'source.p.raw.plans', identifier: 'plans' };
    expect(await lineage('select plan from raw.users, raw.plans', [raw, other])).toEqual({ plan: [] });
  });

  it('lets a CTE read the CTEs defined before it, with three-part names', async () => {
    const sql = `with source as (select * from "dev"."raw"."users"),
      typed as (select "userId" as user_id, upper(country) as country from source),
      ranked as (select *, row_number() over (partition by user_id) as n from typed)
      select user_id, country from ranked where n = 1`;
    expect(await lineage(sql, [{ ...raw, columns: ['userId', 'country', 'plan'] }])).toEqual({
      user_id: ['source.p.raw.users.userId'],
      country: ['source.p.raw.users.country'],
    });
  });

  it('takes an inlined ephemeral model for the model itself, not for its own parents', async () => {
    const sql = `with __dbt__cte__int_genres as (with g as (select * from main.stg_genres) select g.genre from g)
      select upper(genre) as genre from __dbt__cte__int_genres`;
    const ephemeral: UpstreamRelation = { node: 'model.p.int_genres', schema: '', identifier: '__dbt__cte__int_genres', columns: ['genre'], ephemeral: true };
    expect(await lineage(sql, [ephemeral])).toEqual({ genre: ['model.p.int_genres.genre'] });
  });

  it('reports SQL the parser rejects instead of guessing', async () => {
    const [tree] = await parseSelectStatements(['select from where']);
    expect(tree!.ok).toBe(false);
  });
});
