import { describe, expect, it } from 'vitest';
import { selectNodes, selectNodesWithWarnings, type SelectOptions } from '../../src/graph/selection.js';
import { DailiesError } from '../../src/errors.js';
import { ManifestBuilder } from './manifest-builder.js';
import { ids, moviesManifest } from './movies-manifest.js';

const manifest = moviesManifest();
const T = {
  notNull: 'test.movies.not_null_stg_movies_movie_id',
  unique: 'test.movies.unique_stg_movies_movie_id',
  relationships: 'test.movies.relationships_fct_ratings_dim_movies_movie_id',
  positive: 'test.movies.assert_ratings_positive',
  expression: 'test.movies.expression_is_true_stg_users_age',
};
const S = { movies: 'source.movies.raw.movies', ratings: 'source.movies.raw.ratings', users: 'source.movies.raw.users' };
const EXPOSURE = 'exposure.movies.weekly_dashboard';
const SEED = 'seed.movies.countries';
const CALENDAR = 'model.utils.utils_calendar';

/** Selection without indirect test selection, to look at one method or operator alone. */
function pick(select: string, options: SelectOptions = {}): string[] {
  return selectNodes(manifest, { select: [select], indirectSelection: 'empty', ...options });
}

function selectionError(run: () => unknown): DailiesError {
  try {
    run();
  } catch (error) {
    if (error instanceof DailiesError) return error;
    throw error;
  }
  throw new Error('expected a DailiesError');
}

describe('fqn (the default method)', () => {
  it('selects a model by name', () => expect(pick('dim_movies')).toEqual(ids('dim_movies')));
  it('selects a folder by its name', () => expect(pick('marts')).toEqual(ids('dim_movies', 'fct_ratings')));
  it('selects by a dotted fqn path with the package', () => expect(pick('movies.marts.core')).toEqual(ids('dim_movies', 'fct_ratings')));
  it('selects by a dotted path without the package', () => expect(pick('marts.core.dim_movies')).toEqual(ids('dim_movies')));
  it('selects a whole package by its name', () => expect(pick('utils')).toEqual([CALENDAR]));
  it('matches wildcards', () => {
    expect(pick('stg_*')).toEqual(ids('stg_movies', 'stg_ratings', 'stg_users'));
    expect(pick('movies.staging.*')).toEqual(ids('stg_movies', 'stg_ratings', 'stg_users'));
  });
  it('selects every node, but no source or exposure, with *', () => {
    const all = pick('*');
    expect(all).toHaveLength(13);
    expect(all).not.toContain(S.movies);
    expect(all).not.toContain(EXPOSURE);
  });
  it('does not match a name prefix that is not a whole fqn part', () => expect(pick('stg')).toEqual([]));
});

describe('graph operators', () => {
  it('x+ adds every descendant, tests and exposures included', () => {
    expect(pick('stg_movies+')).toEqual([...ids('dim_movies', 'fct_ratings', 'stg_movies'), EXPOSURE, T.positive, T.notNull, T.relationships, T.unique].sort());
  });
  it('+x adds every ancestor, sources and seeds included', () => {
    expect(pick('+fct_ratings')).toEqual([...ids('fct_ratings', 'int_user_ratings', 'stg_movies', 'stg_ratings', 'stg_users'), SEED, S.movies, S.ratings, S.users].sort());
  });
  it('n+x limits the ancestors to n generations', () => {
    expect(pick('1+fct_ratings')).toEqual(ids('fct_ratings', 'int_user_ratings', 'stg_movies'));
    expect(pick('2+fct_ratings')).toEqual([...ids('fct_ratings', 'int_user_ratings', 'stg_movies', 'stg_ratings', 'stg_users'), S.movies].sort());
  });
  it('x+n limits the descendants to n generations', () => {
    expect(pick('stg_users+1')).toEqual([...ids('int_user_ratings', 'stg_users'), T.expression].sort());
  });
  it('n+x+m combines both', () => {
    expect(pick('1+int_user_ratings+1')).toEqual(ids('fct_ratings', 'int_user_ratings', 'stg_ratings', 'stg_users'));
  });
  it('@x adds descendants and every ancestor of those descendants', () => {
    const selected = pick('@int_user_ratings');
    expect(selected).toContain('model.movies.dim_movies'); // parent of the exposure and of the relationships test
    expect(selected).toContain(S.movies);
    expect(selected).toContain(EXPOSURE);
    expect(selected).not.toContain(CALENDAR);
    expect(selected).not.toContain(T.notNull);
    expect(selected).toHaveLength(17 - 4); // all but utils_calendar and the three tests on stg_movies and stg_users
  });
  it('operators apply to any method', () => {
    expect(pick('+exposure:weekly_dashboard')).toContain(S.users);
    expect(pick('source:raw.users+')).toEqual([...ids('fct_ratings', 'int_user_ratings', 'stg_users'), S.users, EXPOSURE, T.expression, T.positive, T.relationships].sort());
  });
});

describe('selector methods', () => {
  it('tag: matches node and source tags, with wildcards', () => {
    expect(pick('tag:daily')).toEqual(ids('fct_ratings', 'stg_movies'));
    expect(pick('tag:landing')).toEqual([S.movies]);
    expect(pick('tag:fin*')).toEqual(ids('fct_ratings'));
  });
  it('path: matches a folder, a file or a glob relative to the project root', () => {
    expect(pick('path:models/marts')).toEqual(ids('dim_movies', 'fct_ratings'));
    expect(pick('path:models/marts/')).toEqual(ids('dim_movies', 'fct_ratings'));
    expect(pick('path:models/marts/core/dim_movies.sql')).toEqual(ids('dim_movies'));
    expect(pick('path:models/*/core')).toEqual(ids('dim_movies', 'fct_ratings'));
    expect(pick('path:models/marts/core/*.sql')).toEqual(ids('dim_movies', 'fct_ratings'));
  });
  it('a bare word with a slash is a path (sources defined in that folder included)', () => {
    expect(pick('models/staging')).toEqual([...ids('stg_movies', 'stg_ratings', 'stg_users'), S.movies, S.ratings, S.users].sort());
  });
  it('file: matches the file name with or without its extension; bare words ending in .sql too', () => {
    expect(pick('file:dim_movies.sql')).toEqual(ids('dim_movies'));
    expect(pick('file:dim_movies')).toEqual(ids('dim_movies'));
    expect(pick('dim_movies.sql')).toEqual(ids('dim_movies'));
    expect(pick('file:countries.csv')).toEqual([SEED]);
  });
  it('config.<key>: matches scalar, list and nested config values', () => {
    expect(pick('config.materialized:incremental')).toEqual(ids('fct_ratings'));
    expect(pick('config.materialized:table')).toEqual(ids('dim_movies'));
    expect(pick('config.tags:finance')).toEqual(ids('fct_ratings'));
    expect(pick('config.meta.owner:ana')).toEqual(ids('fct_ratings'));
    expect(pick('config.contract.enforced:true')).toEqual(ids('fct_ratings'));
  });
  it('resource_type: picks one kind of member', () => {
    expect(pick('resource_type:seed')).toEqual([SEED]);
    expect(pick('resource_type:source')).toEqual([S.movies, S.ratings, S.users]);
    expect(pick('resource_type:exposure')).toEqual([EXPOSURE]);
    expect(pick('resource_type:metric')).toEqual([]);
  });
  it('source: takes a source, source.table or package.source.table', () => {
    expect(pick('source:raw')).toEqual([S.movies, S.ratings, S.users]);
    expect(pick('source:raw.users')).toEqual([S.users]);
    expect(pick('source:movies.raw.*')).toEqual([S.movies, S.ratings, S.users]);
    expect(pick('source:other')).toEqual([]);
  });
  it('exposure: and package: (package:this is the root project)', () => {
    expect(pick('exposure:weekly_dashboard')).toEqual([EXPOSURE]);
    expect(pick('exposure:movies.weekly_*')).toEqual([EXPOSURE]);
    expect(pick('package:utils')).toEqual([CALENDAR]);
    expect(pick('package:this')).toHaveLength(17 - 1);
  });
  it('test_type: tells generic from singular tests', () => {
    expect(pick('test_type:generic')).toEqual([T.expression, T.notNull, T.relationships, T.unique].sort());
    expect(pick('test_type:singular')).toEqual([T.positive]);
    expect(pick('test_type:data')).toHaveLength(5);
  });
  it('test_name: matches the generic test name, with or without its namespace', () => {
    expect(pick('test_name:not_null')).toEqual([T.notNull]);
    expect(pick('test_name:expression_is_true')).toEqual([T.expression]);
    expect(pick('test_name:dbt_utils.expression_is_true')).toEqual([T.expression]);
    expect(pick('test_name:assert_ratings_positive')).toEqual([]); // singular tests have no test name in dbt
  });
});

describe('set operations', () => {
  it('unions space-separated words and separate arguments alike', () => {
    expect(pick('stg_movies dim_movies')).toEqual(ids('dim_movies', 'stg_movies'));
    expect(selectNodes(manifest, { select: ['stg_movies', 'dim_movies'], indirectSelection: 'empty' })).toEqual(ids('dim_movies', 'stg_movies'));
  });
  it('intersects comma-joined parts', () => {
    expect(pick('tag:daily,config.materialized:incremental')).toEqual(ids('fct_ratings'));
    expect(pick('marts,stg_movies+')).toEqual(ids('dim_movies', 'fct_ratings'));
  });
  it('removes --exclude, which takes the same syntax', () => {
    expect(pick('marts', { exclude: ['dim_movies'] })).toEqual(ids('fct_ratings'));
    expect(pick('+fct_ratings', { exclude: ['resource_type:source tag:daily'] })).toEqual([...ids('int_user_ratings', 'stg_ratings', 'stg_users'), SEED].sort());
  });
  it('selects everything when --select is empty, then excludes', () => {
    expect(selectNodes(manifest)).toHaveLength(17);
    expect(selectNodes(manifest, { exclude: ['package:movies'] })).toEqual([CALENDAR]);
  });
  it('keeps only the given resource types', () => {
    expect(selectNodes(manifest, { select: ['+dim_movies+'], resourceTypes: ['model', 'seed'] })).toEqual(ids('dim_movies', 'stg_movies'));
  });
});

describe('indirect selection of tests', () => {
  it('eager (the default) takes every test touching a selected node', () => {
    expect(selectNodes(manifest, { select: ['fct_ratings'] })).toEqual([...ids('fct_ratings'), T.positive, T.relationships].sort());
  });
  it('cautious takes a test only when all it tests is selected', () => {
    expect(selectNodes(manifest, { select: ['fct_ratings'], indirectSelection: 'cautious' })).toEqual([...ids('fct_ratings'), T.positive].sort());
    expect(selectNodes(manifest, { select: ['fct_ratings dim_movies'], indirectSelection: 'cautious' })).toEqual(
      [...ids('dim_movies', 'fct_ratings'), T.positive, T.relationships].sort(),
    );
  });
  it('buildable also takes tests whose other parents are upstream of the selection', () => {
    const chain = new ManifestBuilder('shop').model('customers').model('orders', { refs: ['customers'] }).model('refunds')
      .genericTest('relationships', ['orders', 'customers'], 'customer_id')
      .genericTest('relationships', ['orders', 'refunds'], 'refund_id')
      .build();
    const pickTests = (mode: 'buildable' | 'cautious'): string[] => selectNodes(chain, { select: ['orders'], indirectSelection: mode });
    expect(pickTests('buildable')).toEqual(['model.shop.orders', 'test.shop.relationships_orders_customers_customer_id']);
    expect(pickTests('cautious')).toEqual(['model.shop.orders']);
  });
  it('empty takes no tests unless they are selected directly', () => {
    expect(selectNodes(manifest, { select: ['stg_movies'], indirectSelection: 'empty' })).toEqual(ids('stg_movies'));
    expect(selectNodes(manifest, { select: ['stg_movies', 'test_name:unique'], indirectSelection: 'empty' })).toEqual([...ids('stg_movies'), T.unique].sort());
  });
  it('excluding a model eagerly excludes the tests that touch it', () => {
    expect(selectNodes(manifest, { select: ['marts'], exclude: ['dim_movies'] })).toEqual([...ids('fct_ratings'), T.positive].sort());
  });
  it('intersections keep the tests both sides picked', () => {
    expect(selectNodes(manifest, { select: ['tag:daily,config.materialized:incremental'] })).toEqual([...ids('fct_ratings'), T.positive, T.relationships].sort());
  });
});

describe('warnings', () => {
  it('warns about a name that matches nothing and suggests a close one', () => {
    const result = selectNodesWithWarnings(manifest, { select: ['stg_movie', 'dim_movies'] });
    expect(result.ids).toEqual(ids('dim_movies').concat(T.relationships).sort());
    expect(result.warnings).toEqual(["The selection criterion 'stg_movie' does not match any enabled nodes (did you mean 'stg_movies'?)"]);
  });
  it('warns about a method value that matches nothing, without a suggestion', () => {
    expect(selectNodesWithWarnings(manifest, { select: ['tag:nope'] })).toEqual({
      ids: [],
      warnings: ["The selection criterion 'tag:nope' does not match any enabled nodes"],
    });
  });
  it('says when the name is that of a disabled node', () => {
    const withDisabled = { ...moviesManifest(), disabled: { 'model.movies.old_ratings': [{}] } };
    expect(selectNodesWithWarnings(withDisabled, { select: ['old_ratings'] }).warnings).toEqual([
      "The selection criterion 'old_ratings' does not match any enabled nodes (model.movies.old_ratings is disabled)",
    ]);
  });
  it('does not warn about --exclude words that match nothing', () => {
    expect(selectNodesWithWarnings(manifest, { select: ['dim_movies'], exclude: ['nothing_here'] }).warnings).toEqual([]);
  });
});

describe('selector errors', () => {
  it('rejects an unknown method and lists the known ones', () => {
    const error = selectionError(() => pick('colour:red'));
    expect(error.kind).toBe('selection');
    expect(error.message).toBe("Invalid selector 'colour:red' in --select: 'colour' is not a selector method");
    expect(error.hint).toContain('config.<key>');
    expect(error.hint).toContain('test_name');
  });
  it('says when a dbt method is not supported yet', () => {
    expect(selectionError(() => pick('result:error')).message).toContain("the 'result:' method is not supported by dailies yet");
  });
  it('rejects empty parts, empty values and misplaced operators', () => {
    expect(selectionError(() => pick('a,,b')).message).toContain('an empty part around a comma');
    expect(selectionError(() => pick('tag:')).message).toContain("'tag:' names nothing to select");
    expect(selectionError(() => pick('@+x')).message).toContain('"@" and a leading "+" cannot be combined');
    expect(selectionError(() => pick('a+b')).hint).toContain('graph operators go at the ends only');
    expect(selectionError(() => selectNodes(manifest, { exclude: ['2+'] })).message).toContain('in --exclude');
  });
  it('rejects config: without a key, unknown resource and test types, and over-long source names', () => {
    expect(selectionError(() => pick('config:table')).hint).toContain('config.materialized:incremental');
    expect(selectionError(() => pick('resource_type:table')).hint).toContain('model, seed, snapshot');
    expect(selectionError(() => pick('test_type:schemaless')).kind).toBe('selection');
    expect(selectionError(() => pick('source:a.b.c.d')).message).toContain('too many parts');
  });
  it('asks for --state when a state: selector has nothing to compare with', () => {
    const error = selectionError(() => pick('state:modified+'));
    expect(error.kind).toBe('selection');
    expect(error.hint).toContain('--state DIR');
  });
});

describe('group: and access:', () => {
  const grouped = new ManifestBuilder('shop')
    .model('orders', { config: { group: 'finance', access: 'public' } })
    .model('refunds', { config: { group: 'finance', access: 'private' } })
    .model('visits', { config: { group: 'marketing' } })
    .seed('rates', { config: { group: 'finance' } })
    .build();
  const select = (selector: string) => selectNodes(grouped, { select: [selector], indirectSelection: 'empty' });

  it('selects the members of a group, of every resource type', () => {
    expect(select('group:finance')).toEqual(['model.shop.orders', 'model.shop.refunds', 'seed.shop.rates']);
    expect(select('group:fin*')).toEqual(['model.shop.orders', 'model.shop.refunds', 'seed.shop.rates']);
  });

  it('selects models by access, protected when not set', () => {
    expect(select('access:public')).toEqual(['model.shop.orders']);
    expect(select('access:protected')).toEqual(['model.shop.visits']);
    expect(select('access:private')).toEqual(['model.shop.refunds']);
  });

  it('refuses an access level dbt does not have', () => {
    expect(selectionError(() => select('access:open')).message).toContain("'open' is not an access level");
  });
});
