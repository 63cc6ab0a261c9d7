import { describe, expect, it } from 'vitest';
import { buildLineage, sqlUsage } from '../../../src/review/lineage/index.js';
import type { SchemaChange } from '../../../src/review/types.js';
import { change, manifestOf } from './manifests.js';

const head = manifestOf(
  {
    'model.p.stg_movies': { parents: ['source.p.raw.movies'], sql: 'select movie_id, title, year from raw.movies' },
    'model.p.int_movies': { parents: ['model.p.stg_movies', 'model.p.stg_tags'], sql: 'select m.movie_id, m.genres, t.tag from "stg_movies" m join stg_tags t using (movie_id)' },
    'model.p.stg_tags': { parents: [], sql: 'select 1 as movie_id' },
    'model.p.pass': { parents: ['model.p.stg_movies'], sql: 'select s.* from stg_movies s' },
    'model.p.fct_comment': { parents: ['model.p.pass'], sql: "-- genres and year\nselect movie_id, 'genres' as label /* year */ from pass" },
    'model.p.fct_quoted': { parents: ['model.p.pass'], sql: 'select p."YEAR" + 1 as next_year from pass p' },
    'model.p.cosmetic': { parents: [], sql: 'select 1 as a' },
    'model.p.cosmetic_child': { parents: ['model.p.cosmetic'], sql: 'select a from cosmetic' },
    'model.p.unrelated': { parents: ['model.p.stg_tags'], sql: 'select genres from stg_tags' },
    'test.p.unique_stg_movies_movie_id': { parents: ['model.p.stg_movies'], sql: 'select movie_id from stg_movies' },
  },
  { 'exposure.p.dashboard': ['model.p.int_movies'] },
  ['source.p.raw.movies'],
);
const base = manifestOf({
  'model.p.old_report': { parents: ['model.p.stg_tags'], sql: 'select * from stg_tags' },
  'model.p.stg_tags': { parents: [], sql: 'select 1 as movie_id' },
});
const schemaChanges = new Map<string, SchemaChange>([
  [
    'model.p.stg_movies',
    { added: [{ name: 'runtime', dataType: 'INTEGER' }], removed: [{ name: 'genres', dataType: 'VARCHAR' }], retyped: [{ name: 'year', from: 'INTEGER', to: 'VARCHAR' }] },
  ],
]);
const changes = [
  change('model.p.stg_movies'),
  change('model.p.cosmetic', { reasons: ['whitespace_or_comments'], cosmetic: true }),
  change('model.p.old_report', { status: 'removed' }),
  change('test.p.unique_stg_movies_movie_id'),
];

describe('buildLineage', () => {
  const lineage = buildLineage(head, base, changes, schemaChanges);
  const roles = Object.fromEntries(lineage.nodes.map((node) => [node.uniqueId, node.role]));

  it('holds the changed nodes, everything downstream incl. exposures, one hop upstream and removed nodes; no tests', () => {
    expect(roles).toEqual({
      'model.p.stg_movies': 'changed',
      'model.p.cosmetic': 'changed',
      'model.p.old_report': 'removed',
      'model.p.int_movies': 'impacted',
      'model.p.pass': 'impacted',
      'exposure.p.dashboard': 'impacted',
      'model.p.fct_comment': 'impacted',
      'model.p.fct_quoted': 'impacted',
      'source.p.raw.movies': 'upstream',
      'model.p.stg_tags': 'upstream',
    });
    expect(lineage.nodes.find((node) => node.uniqueId === 'source.p.raw.movies')).toMatchObject({ name: 'raw.movies', resourceType: 'source' });
    expect(lineage.nodes.find((node) => node.uniqueId === 'exposure.p.dashboard')?.resourceType).toBe('exposure');
  });

  it('draws edges among the lineage nodes only, from the base for removed nodes', () => {
    expect(lineage.edges).toContainEqual(['model.p.stg_movies', 'model.p.int_movies']);
    expect(lineage.edges).toContainEqual(['model.p.int_movies', 'exposure.p.dashboard']);
    expect(lineage.edges).toContainEqual(['source.p.raw.movies', 'model.p.stg_movies']);
    expect(lineage.edges).toContainEqual(['model.p.stg_tags', 'model.p.old_report']);
    expect(lineage.edges.some(([, to]) => to.startsWith('test.'))).toBe(false);
    expect(lineage.edges.some(([from, to]) => from === 'model.p.stg_tags' && to === 'model.p.unrelated')).toBe(false);
  });

  it('flags a removed or retyped column used downstream as breaking, following select * and skipping comments and strings', () => {
    expect(lineage.breaking).toEqual([
      { uniqueId: 'model.p.stg_movies', column: 'genres', kind: 'removed', usedBy: ['model.p.int_movies'] },
      { uniqueId: 'model.p.stg_movies', column: 'year', kind: 'retyped', usedBy: ['model.p.fct_quoted'] },
    ]);
    expect(lineage.columnImpact).toEqual([
      { uniqueId: 'model.p.stg_movies', column: 'genres', downstream: ['model.p.int_movies.genres'] },
      { uniqueId: 'model.p.stg_movies', column: 'year', downstream: ['model.p.fct_quoted.year'] },
    ]);
    expect(lineage.nodes.filter((node) => node.breaking).map((node) => node.uniqueId)).toEqual(['model.p.stg_movies']);
  });

  it('is not breaking when nothing downstream names the column', () => {
    const quiet = buildLineage(head, null, [change('model.p.stg_movies')], new Map([['model.p.stg_movies', { added: [], removed: [{ name: 'title', dataType: 'VARCHAR' }], retyped: [] }]]));
    expect(quiet.breaking).toEqual([]);
    expect(quiet.columnImpact).toEqual([{ uniqueId: 'model.p.stg_movies', column: 'title', downstream: [] }]);
  });
});

describe('sqlUsage', () => {
  it('collects bare, quoted and qualified identifiers but not literals or comments', () => {
    const usage = sqlUsage(`select a.col_one, "Col Two", \`three\` -- four\n/* five */ from t where x = 'six' and y = $$seven$$`);
    expect([...usage.identifiers].sort()).toEqual(['a', 'col two', 'col_one', 'from', 'select', 't', 'three', 'where', 'x', 'y', 'and'].sort());
    expect(usage.selectsStar).toBe(false);
  });

  it('tells select * from count(*) and multiplication', () => {
    expect(sqlUsage('select count(*), a * b from t').selectsStar).toBe(false);
    expect(sqlUsage('select distinct t.* from t').selectsStar).toBe(true);
    expect(sqlUsage('select a, * from t').selectsStar).toBe(true);
  });
});

describe('buildLineage without measured schema changes (lineage-only)', () => {
  it('compares the declared columns of a model whose contract is enforced on both sides', () => {
    const withContract = (columns: Record<string, string>, sql: string) => ({ parents: [], sql, contract: columns });
    const contracted = (specs: Record<string, ReturnType<typeof withContract> | { parents: string[]; sql: string }>) => {
      const manifest = manifestOf(specs);
      for (const [id, spec] of Object.entries(specs)) {
        if (!('contract' in spec)) continue;
        const node = manifest.nodes[id] as unknown as { config: unknown; columns: unknown };
        node.config = { contract: { enforced: true } };
        node.columns = Object.fromEntries(Object.entries(spec.contract).map(([name, type]) => [name, { name, data_type: type }]));
      }
      return manifest;
    };
    const before = contracted({ 'model.p.dim': withContract({ id: 'int', plan: 'varchar', country: 'varchar' }, 'select 1') });
    const after = contracted({
      'model.p.dim': withContract({ id: 'bigint', country: 'varchar' }, 'select 1'),
      'model.p.report': { parents: ['model.p.dim'], sql: 'select id, plan from dim' },
    });
    const lineage = buildLineage(after, before, [change('model.p.dim')], new Map());
    expect(lineage.breaking).toEqual([
      { uniqueId: 'model.p.dim', column: 'plan', kind: 'removed', usedBy: ['model.p.report'] },
      { uniqueId: 'model.p.dim', column: 'id', kind: 'retyped', usedBy: ['model.p.report'] },
    ]);
  });
});
