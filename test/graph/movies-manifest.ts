/**
 * A small movie-analytics project as a manifest, shared by the selection tests:
 *
 *   source raw.movies  → stg_movies ─┬→ dim_movies ──────────────┐
 *   source raw.ratings → stg_ratings ┤                            ├→ exposure weekly_dashboard
 *   seed countries ┐                 └→ int_user_ratings → fct_ratings ┘
 *   source raw.users → stg_users ────→ int_user_ratings
 *   package utils: utils_calendar (no parents)
 */
import { ManifestBuilder } from './manifest-builder.js';
import type { Manifest } from '../../src/graph/types.js';

export function moviesManifest(): Manifest {
  return new ManifestBuilder('movies')
    .source('raw', 'movies', { tags: ['landing'] })
    .source('raw', 'ratings')
    .source('raw', 'users')
    .seed('countries')
    .model('stg_movies', { sources: [['raw', 'movies']], tags: ['daily'] })
    .model('stg_ratings', { sources: [['raw', 'ratings']] })
    .model('stg_users', { sources: [['raw', 'users']], refs: ['countries'] })
    .model('int_user_ratings', { folder: 'intermediate', refs: ['stg_users', 'stg_ratings'], config: { materialized: 'ephemeral' } })
    .model('fct_ratings', {
      folder: 'marts/core',
      refs: ['int_user_ratings', 'stg_movies'],
      tags: ['daily', 'finance'],
      config: { materialized: 'incremental', meta: { owner: 'ana' }, contract: { enforced: true } },
    })
    .model('dim_movies', { folder: 'marts/core', refs: ['stg_movies'], config: { materialized: 'table' } })
    .model('utils_calendar', { package: 'utils', folder: '', raw: 'select 1 as day' })
    .genericTest('not_null', ['stg_movies'], 'movie_id')
    .genericTest('unique', ['stg_movies'], 'movie_id')
    .genericTest('relationships', ['fct_ratings', 'dim_movies'], 'movie_id')
    .singularTest('assert_ratings_positive', ['fct_ratings'])
    .genericTest('expression_is_true', ['stg_users'], 'age', { testMetadata: { name: 'expression_is_true', namespace: 'dbt_utils', column: 'age' } })
    .exposure('weekly_dashboard', ['fct_ratings', 'dim_movies'])
    .build();
}

/** `model.movies.x` for each bare name (`source.`/`test.`… ids pass through). */
export function ids(...names: string[]): string[] {
  return names.map((name) => (name.includes('.') ? name : `model.movies.${name}`)).sort();
}
