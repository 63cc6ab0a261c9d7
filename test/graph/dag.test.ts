import { describe, expect, it } from 'vitest';
import { Dag, buildDag } from '../../src/graph/dag.js';
import { DailiesError } from '../../src/errors.js';
import { ManifestBuilder } from './manifest-builder.js';
import { moviesManifest } from './movies-manifest.js';

function dagOf(edges: Record<string, string[]>): Dag {
  return new Dag(new Map(Object.entries(edges)));
}

describe('buildDag', () => {
  const dag = buildDag(moviesManifest());

  it('makes sources parents of the models that select from them', () => {
    expect(dag.children('source.movies.raw.movies')).toEqual(['model.movies.stg_movies']);
    expect(dag.parents('model.movies.stg_users')).toEqual(['seed.movies.countries', 'source.movies.raw.users']);
  });

  it('makes tests children of every node they test', () => {
    expect(dag.parents('test.movies.relationships_fct_ratings_dim_movies_movie_id')).toEqual(['model.movies.dim_movies', 'model.movies.fct_ratings']);
    expect(dag.children('model.movies.dim_movies')).toEqual(['exposure.movies.weekly_dashboard', 'test.movies.relationships_fct_ratings_dim_movies_movie_id']);
  });

  it('makes exposures children of what they depend on', () => {
    expect(dag.parents('exposure.movies.weekly_dashboard')).toEqual(['model.movies.dim_movies', 'model.movies.fct_ratings']);
  });

  it('fills dbt-style parent and child maps for every member, sources included', () => {
    expect(dag.parentMap()['source.movies.raw.users']).toEqual([]);
    expect(dag.childMap()['seed.movies.countries']).toEqual(['model.movies.stg_users']);
    expect(Object.keys(dag.parentMap())).toHaveLength(17);
  });
});

describe('topologicalOrder', () => {
  it('puts every node after its parents, ties broken by id', () => {
    const dag = dagOf({ d: ['b', 'c'], c: ['a'], b: ['a'], a: [], e: [] });
    expect(dag.topologicalOrder()).toEqual(['a', 'e', 'b', 'c', 'd']);
  });

  it('orders a subset by dependencies that pass through unselected nodes', () => {
    const dag = dagOf({ a: [], b: ['a'], c: ['b'], z: [] });
    expect(dag.topologicalOrder(['c', 'z', 'a'])).toEqual(['a', 'z', 'c']);
  });

  it('throws a cycle error naming the path and the file of its first node', () => {
    const manifest = new ManifestBuilder().model('a').model('b', { refs: ['a'] }).build();
    manifest.nodes['model.shop.a'].depends_on.nodes.push('model.shop.b');
    const error = (() => {
      try {
        buildDag(manifest).topologicalOrder();
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DailiesError);
    expect((error as DailiesError).kind).toBe('cycle');
    expect((error as DailiesError).message).toContain('model.shop.a --> model.shop.b --> model.shop.a');
    expect((error as DailiesError).place).toEqual({ file: 'models/staging/a.sql', line: 1 });
    expect((error as DailiesError).hint).toMatch(/break the cycle/);
  });
});

describe('findCycle', () => {
  it('returns null for a DAG', () => {
    expect(dagOf({ a: [], b: ['a'], c: ['a', 'b'] }).findCycle()).toBeNull();
  });

  it('returns the cycle as a closed path', () => {
    expect(dagOf({ a: [], b: ['a', 'd'], c: ['b'], d: ['c'] }).findCycle()).toEqual(['b', 'c', 'd', 'b']);
  });

  it('finds a node that depends on itself', () => {
    expect(dagOf({ a: ['a'] }).findCycle()).toEqual(['a', 'a']);
  });
});

describe('ancestors and descendants', () => {
  const dag = dagOf({ a: [], b: ['a'], c: ['b'], d: ['c'], x: ['a'] });

  it('walks the whole way without a depth', () => {
    expect([...dag.ancestors('d')].sort()).toEqual(['a', 'b', 'c']);
    expect([...dag.descendants('a')].sort()).toEqual(['b', 'c', 'd', 'x']);
  });

  it('stops after depth edges', () => {
    expect([...dag.ancestors('d', 1)]).toEqual(['c']);
    expect([...dag.ancestors('d', 2)].sort()).toEqual(['b', 'c']);
    expect([...dag.descendants('a', 1)].sort()).toEqual(['b', 'x']);
  });

  it('leaves out the start nodes unless another start reaches them', () => {
    expect([...dag.descendants(['a', 'c'])].sort()).toEqual(['b', 'c', 'd', 'x']);
    expect(dag.descendants('d').size).toBe(0);
  });

  it('ignores parents that are not in the graph', () => {
    const partial = dagOf({ a: ['missing'] });
    expect(partial.parents('a')).toEqual([]);
  });
});

describe('performance', () => {
  it('orders and walks a 20,000-node graph', () => {
    const edges = new Map<string, string[]>();
    for (let i = 0; i < 20_000; i++) {
      const parents = i < 100 ? [] : [`n${Math.floor(i / 2)}`, `n${i - 1}`, `n${(i * 7919) % i}`];
      edges.set(`n${i}`, parents);
    }
    const dag = new Dag(edges);
    const order = dag.topologicalOrder();
    const below = dag.descendants('n0');
    const cycle = dag.findCycle();
    expect(order).toHaveLength(20_000);
    expect(order.indexOf('n19999')).toBeGreaterThan(order.indexOf('n9999'));
    expect(below.size).toBe(19_900); // (i * 7919) % i is 0: every node from n100 on is a child of n0
    expect(cycle).toBeNull();
  });
});
