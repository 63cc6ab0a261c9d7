import { describe, expect, it } from 'vitest';
import { selectNodes } from '../../src/graph/selection.js';
import type { Manifest } from '../../src/graph/types.js';
import { DailiesError } from '../../src/errors.js';
import path from 'node:path';
import { parseSelectorsYaml, readSelectorsFile } from '../../src/graph/selectors-file.js';
import { ids, moviesManifest } from './movies-manifest.js';

/** The movies manifest with `selectors.yml` entries, as the manifest keeps them. */
function withSelectors(selectors: Record<string, unknown>): Manifest {
  const manifest = moviesManifest();
  manifest.selectors = Object.fromEntries(Object.entries(selectors).map(([name, entry]) => [name, { name, ...(entry as object) }]));
  return manifest;
}

const select = (manifest: Manifest, selector: string): string[] => selectNodes(manifest, { selector, indirectSelection: 'empty' });

describe('YAML selectors (--selector)', () => {
  it('takes a CLI-style string definition', () => {
    expect(select(withSelectors({ marts: { definition: 'marts,config.materialized:table' } }), 'marts')).toEqual(ids('dim_movies'));
  });

  it('takes a method: value pair', () => {
    expect(select(withSelectors({ daily: { definition: { tag: 'daily' } } }), 'daily')).toEqual(ids('fct_ratings', 'stg_movies'));
  });

  it('takes full criteria with graph keywords and depths', () => {
    const manifest = withSelectors({
      upstream: { definition: { method: 'fqn', value: 'fct_ratings', parents: true, parents_depth: 1 } },
      around: { definition: { method: 'fqn', value: 'stg_users', children: true, children_depth: 1 } },
    });
    expect(select(manifest, 'upstream')).toEqual(ids('fct_ratings', 'int_user_ratings', 'stg_movies'));
    expect(select(manifest, 'around')).toEqual([...ids('int_user_ratings', 'stg_users'), 'test.movies.expression_is_true_stg_users_age'].sort());
  });

  it('combines union, intersection and exclude', () => {
    const manifest = withSelectors({
      nightly: {
        definition: {
          union: [
            { method: 'path', value: 'models/marts' },
            { intersection: ['tag:daily', { method: 'resource_type', value: 'model' }] },
            { exclude: [{ method: 'fqn', value: 'dim_movies' }] },
          ],
        },
      },
    });
    expect(select(manifest, 'nightly')).toEqual(ids('fct_ratings', 'stg_movies'));
  });

  it('follows method: selector references, and catches circular ones', () => {
    const manifest = withSelectors({
      base: { definition: 'tag:daily' },
      wider: { definition: { union: [{ method: 'selector', value: 'base' }, 'dim_movies'] } },
      loop_a: { definition: { method: 'selector', value: 'loop_b' } },
      loop_b: { definition: { method: 'selector', value: 'loop_a' } },
    });
    expect(select(manifest, 'wider')).toEqual(ids('dim_movies', 'fct_ratings', 'stg_movies'));
    expect(() => select(manifest, 'loop_a')).toThrow(/loop_a → loop_b → loop_a/);
  });

  it('honours indirect_selection set on a criterion', () => {
    const manifest = withSelectors({ cautious: { definition: { method: 'fqn', value: 'fct_ratings', indirect_selection: 'cautious' } } });
    expect(selectNodes(manifest, { selector: 'cautious' })).toEqual([...ids('fct_ratings'), 'test.movies.assert_ratings_positive']);
  });

  it('uses the selector marked default when nothing is selected', () => {
    const manifest = withSelectors({ usual: { default: true, definition: 'marts' } });
    expect(selectNodes(manifest, { indirectSelection: 'empty' })).toEqual(ids('dim_movies', 'fct_ratings'));
    expect(selectNodes(manifest, { select: ['stg_movies'], indirectSelection: 'empty' })).toEqual(ids('stg_movies'));
  });

  it('names the known selectors when one is missing', () => {
    const manifest = withSelectors({ nightly: { definition: 'tag:daily' } });
    const error = (() => {
      try {
        select(manifest, 'weekly');
      } catch (caught) {
        return caught as DailiesError;
      }
    })();
    expect(error).toBeInstanceOf(DailiesError);
    expect(error?.message).toBe("No selector named 'weekly'");
    expect(error?.place).toEqual({ file: 'selectors.yml' });
    expect(error?.hint).toContain('nightly');
  });

  it('rejects --selector together with --select, and malformed definitions', () => {
    const manifest = withSelectors({ bad: { definition: { method: 'tag', value: 'x', depth: 2 } }, list: { definition: { union: 'tag:x' } } });
    expect(() => selectNodes(manifest, { selector: 'bad', select: ['x'] })).toThrow(/cannot be combined/);
    expect(() => select(manifest, 'bad')).toThrow(/unknown keys depth/);
    expect(() => select(manifest, 'list')).toThrow(/'union' in selector 'list' must be a list/);
  });
});

describe('selectors.yml', () => {
  const fixtures = path.resolve(import.meta.dirname, '../fixtures/graph');

  it('reads the file into manifest.selectors entries that --selector evaluates', () => {
    const selectors = readSelectorsFile(path.join(fixtures, 'selectors'));
    expect(Object.keys(selectors)).toEqual(['nightly', 'marts_only']);
    expect(selectors.nightly).toMatchObject({ name: 'nightly', default: true, description: 'Everything tagged daily, and what feeds the marts' });
    const manifest = moviesManifest();
    manifest.selectors = selectors;
    expect(selectNodes(manifest, { indirectSelection: 'empty', resourceTypes: ['model', 'seed'] })).toEqual([
      ...ids('dim_movies', 'fct_ratings', 'int_user_ratings', 'stg_movies', 'stg_ratings', 'stg_users'),
      'seed.movies.countries',
    ].sort());
    expect(select(manifest, 'marts_only')).toEqual(ids('dim_movies', 'fct_ratings'));
  });

  it('has no selectors when the file is missing', () => {
    expect(readSelectorsFile(path.join(fixtures, 'dbt-state'))).toEqual({});
  });

  it('names the file and line of a selector defined twice', () => {
    try {
      readSelectorsFile(path.join(fixtures, 'selectors-duplicate'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DailiesError);
      expect((error as DailiesError).message).toBe("selector 'nightly' is defined twice");
      expect((error as DailiesError).place).toEqual({ file: 'selectors.yml', line: 4 });
    }
  });

  it('rejects YAML syntax errors and entries without a definition, with their lines', () => {
    expect(() => parseSelectorsYaml('selectors:\n  - name: [oops')).toThrow(/not valid YAML/);
    try {
      parseSelectorsYaml('selectors:\n  - name: a\n    definition: x\n  - name: b\n');
      expect.unreachable();
    } catch (error) {
      expect((error as DailiesError).message).toBe("selector 'b' has no `definition`");
      expect((error as DailiesError).place?.line).toBe(4);
    }
  });
});
