import type { BuildOutcome, ChangedNode, ModelDiff, Review } from '../../../src/review/types.js';

export function changed(name: string, extra: Partial<ChangedNode> = {}): ChangedNode {
  return { uniqueId: `model.movies.${name}`, name, resourceType: 'model', status: 'modified', reasons: ['body'], changedMacros: [], file: `models/${name}.sql`, cosmetic: false, ...extra };
}

export function testOutcome(name: string, model: string, status: BuildOutcome['status'], extra: Partial<BuildOutcome> = {}): BuildOutcome {
  return { uniqueId: `test.movies.${name}`, name, resourceType: 'test', status, message: status === 'fail' ? 'Got 2 results, configured to fail if != 0' : '', file: 'models/schema.yml', attachedNode: `model.movies.${model}`, seconds: 0.1, ...extra };
}

export function keyedDiff(name: string, extra: Partial<ModelDiff> = {}): ModelDiff {
  return {
    uniqueId: `model.movies.${name}`,
    name,
    prodRelation: `"analytics"."${name}"`,
    prRelation: `"pr_42"."${name}"`,
    prodExists: true,
    schema: { added: [{ name: 'runtime', dataType: 'INTEGER' }], removed: [{ name: 'genres', dataType: 'VARCHAR' }], retyped: [] },
    rowCounts: { prod: 1000, pr: 1020 },
    primaryKey: ['movie_id'],
    primaryKeySource: 'unique test',
    keyed: {
      added: 25,
      removed: 5,
      changed: 10,
      unchanged: 965,
      columnChanges: { title: 7, year: 3, rating: 0 },
      duplicateKeys: { prod: 0, pr: 0 },
      samples: {
        added: [{ movie_id: 2001, title: 'New film', year: 2024 }],
        removed: [{ movie_id: 17, title: 'Gone film', year: 1999 }],
        changed: [{ key: { movie_id: 3 }, before: { movie_id: 3, title: 'Old title', year: 1995 }, after: { movie_id: 3, title: 'New title', year: 1995 } }],
      },
    },
    seconds: 0.4,
    ...extra,
  };
}

/** A successful full review: stg_movies changed (breaking), fct_ratings impacted, one failing test. */
export function sampleReview(extra: Partial<Review> = {}): Review {
  return {
    status: 'failure',
    mode: 'full',
    project: 'movies',
    base: { ref: 'main', sha: 'aaaaaaa1111111' },
    head: { ref: 'feature/x', sha: 'bbbbbbb2222222' },
    pr: { number: 42, title: 'Rework movies', branch: 'feature/x', url: 'https://github.com/o/r/pull/42' },
    schema: 'pr_42',
    prodSchema: 'analytics',
    changes: [changed('stg_movies'), changed('dim_users', { status: 'new', reasons: [] }), changed('int_tags', { reasons: ['macros'], changedMacros: ['macro.movies.clean'] })],
    impacted: ['model.movies.fct_ratings'],
    builds: [
      { uniqueId: 'model.movies.stg_movies', name: 'stg_movies', resourceType: 'model', status: 'success', message: 'OK', file: 'models/stg_movies.sql', seconds: 1 },
      { uniqueId: 'model.movies.fct_ratings', name: 'fct_ratings', resourceType: 'model', status: 'success', message: 'OK', file: 'models/fct_ratings.sql', seconds: 1 },
      testOutcome('unique_stg_movies_movie_id', 'stg_movies', 'pass'),
      testOutcome('not_null_stg_movies_title', 'stg_movies', 'pass'),
      testOutcome('not_null_fct_ratings_rating', 'fct_ratings', 'fail', { failures: 2, failingRows: [{ rating_id: 7, rating: null }, { rating_id: 9, rating: null }] }),
    ],
    diffs: [keyedDiff('stg_movies'), { ...keyedDiff('dim_users'), prodExists: false, rowCounts: { prod: null, pr: 50 }, keyed: undefined, schema: { added: [], removed: [], retyped: [] } }],
    lineage: {
      nodes: [
        { uniqueId: 'model.movies.stg_movies', name: 'stg_movies', resourceType: 'model', role: 'changed', breaking: true },
        { uniqueId: 'model.movies.fct_ratings', name: 'fct_ratings', resourceType: 'model', role: 'impacted', breaking: false },
        { uniqueId: 'exposure.movies.dashboard', name: 'dashboard', resourceType: 'exposure', role: 'impacted', breaking: false },
      ],
      edges: [
        ['model.movies.stg_movies', 'model.movies.fct_ratings'],
        ['model.movies.fct_ratings', 'exposure.movies.dashboard'],
      ],
      breaking: [{ uniqueId: 'model.movies.stg_movies', column: 'genres', kind: 'removed', usedBy: ['model.movies.fct_ratings'] }],
      columnImpact: [{ uniqueId: 'model.movies.stg_movies', column: 'genres', downstream: ['model.movies.fct_ratings.genres'] }],
    },
    sqlDiffs: {
      'model.movies.stg_movies': '--- a/models/stg_movies.sql\n+++ b/models/stg_movies.sql\n@@ -1,2 +1,2 @@\n-select movie_id, title, genres\n+select movie_id, title, runtime\n from raw.movies\n',
    },
    timings: { compileSeconds: 1.2, buildSeconds: 3.4, diffSeconds: 0.8, totalSeconds: 5.9 },
    ...extra,
  };
}
