import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readManifest, serializeManifest, writeManifest } from '../../src/graph/artifacts.js';
import { selectNodes } from '../../src/graph/selection.js';
import { DailiesError } from '../../src/errors.js';
import { moviesManifest } from './movies-manifest.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/graph');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dailies-graph-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function thrown(run: () => unknown): DailiesError {
  try {
    run();
  } catch (error) {
    if (error instanceof DailiesError) return error;
    throw error;
  }
  throw new Error('expected a DailiesError');
}

describe('writeManifest', () => {
  it('writes target/manifest.json that reads back equal, with graph maps filled', () => {
    const manifest = moviesManifest();
    const file = writeManifest(manifest, path.join(scratch, 'target'));
    expect(file).toBe(path.join(scratch, 'target', 'manifest.json'));
    const back = readManifest(file);
    expect(back.nodes).toEqual(manifest.nodes);
    expect(back.sources).toEqual(manifest.sources);
    expect(back.parent_map['model.movies.stg_users']).toEqual(['seed.movies.countries', 'source.movies.raw.users']);
    expect(back.child_map['model.movies.stg_movies']).toEqual([
      'model.movies.dim_movies',
      'model.movies.fct_ratings',
      'test.movies.not_null_stg_movies_movie_id',
      'test.movies.unique_stg_movies_movie_id',
    ]);
    expect(manifest.parent_map).toEqual({}); // the input is left alone
  });

  it('writes the same bytes whatever order the nodes were added in', () => {
    const manifest = moviesManifest();
    const reversed = { ...manifest, nodes: Object.fromEntries(Object.entries(manifest.nodes).reverse()) };
    expect(serializeManifest(reversed)).toBe(serializeManifest(manifest));
    const text = serializeManifest(manifest);
    expect(Object.keys(JSON.parse(text)).slice(0, 6)).toEqual(['metadata', 'nodes', 'sources', 'macros', 'docs', 'exposures']);
    expect(Object.keys(JSON.parse(text).nodes)).toEqual(Object.keys(manifest.nodes).sort());
  });

  it('keeps the order of keys inside a node (column order matters to readers)', () => {
    const manifest = moviesManifest();
    manifest.nodes['model.movies.dim_movies'].columns = {
      title: { name: 'title', description: '', data_type: null, constraints: [], meta: {}, tags: [], quote: null },
      movie_id: { name: 'movie_id', description: '', data_type: null, constraints: [], meta: {}, tags: [], quote: null },
    };
    const back = JSON.parse(serializeManifest(manifest));
    expect(Object.keys(back.nodes['model.movies.dim_movies'].columns)).toEqual(['title', 'movie_id']);
  });
  it('streams the same bytes serializeManifest gives, with multi-byte text and nodes larger than the write buffer', () => {
    const manifest = moviesManifest();
    const big = manifest.nodes['model.movies.dim_movies'];
    big.raw_code = `select 'é—😀' as x -- ${'ü'.repeat(1_500_000)}`;
    big.description = 'Café “quoted” ✓';
    for (const [index, node] of Object.values(manifest.nodes).entries()) node.compiled_code = `-- ${String(index).repeat(400_000)} ñ`;
    const folder = path.join(scratch, 'streamed');
    const file = writeManifest(manifest, folder);
    const bytes = fs.readFileSync(file);
    expect(bytes.equals(Buffer.from(serializeManifest(manifest), 'utf8'))).toBe(true);
    const back = readManifest(file);
    expect(back.nodes['model.movies.dim_movies'].raw_code).toBe(big.raw_code);
    expect(back.nodes['model.movies.dim_movies'].description).toBe('Café “quoted” ✓');
    // no temporary file left (semantic_manifest.json is written beside every manifest, as dbt does)
    expect(fs.readdirSync(folder).sort()).toEqual(['manifest.json', 'semantic_manifest.json']);
  });

  it('serializes exactly as JSON.stringify of a copy with dbt\'s key order and sorted ids', () => {
    const manifest = moviesManifest();
    const text = serializeManifest(manifest);
    const parsed = JSON.parse(text) as Record<string, Record<string, unknown>>;
    const sorted = (map: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.keys(map).sort().map((id) => [id, map[id]]));
    const expected = {
      ...parsed,
      nodes: sorted(manifest.nodes),
      sources: sorted(manifest.sources),
    };
    expect(text).toBe(JSON.stringify(expected));
  });
});

describe('readManifest', () => {
  it('accepts the folder that holds manifest.json (a --state folder), filling keys old manifests lack', () => {
    const manifest = readManifest(path.join(fixtures, 'dbt-state'));
    expect(manifest.metadata.dbt_version).toBe('1.3.0');
    expect(manifest.exposures).toEqual({});
    expect(selectNodes(manifest, { select: ['+tag:nightly'] })).toEqual(['model.shop.orders', 'model.shop.stg_orders', 'source.shop.raw.orders']);
  });

  it('names the missing file and says how to make one', () => {
    const missing = path.join(scratch, 'nowhere', 'manifest.json');
    const error = thrown(() => readManifest(missing));
    expect(error.message).toBe(`The manifest ${missing} does not exist`);
    expect(error.place).toEqual({ file: missing });
    expect(error.hint).toContain('dailies parse');
    expect(error.hint).toContain('--state');
  });

  it('rejects a file that is not JSON', () => {
    const file = path.join(scratch, 'broken.json');
    fs.writeFileSync(file, '{"metadata": ');
    const error = thrown(() => readManifest(file));
    expect(error.message).toContain(`${file} is not JSON`);
    expect(error.place).toEqual({ file, line: 1 });
  });

  it('rejects JSON that is not a manifest', () => {
    const error = thrown(() => readManifest(path.join(fixtures, 'not-a-manifest')));
    expect(error.message).toMatch(/not-a-manifest\/manifest\.json is not a dbt\/dailies manifest/);
    expect(error.kind).toBe('usage');
  });
});
