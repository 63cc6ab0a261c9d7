/**
 * The manifest fields dbt-core 1.11 writes that dailies does not itself read (docs, access, group,
 * patch_path, doc_blocks, primary_key, file_key_name, root_path, created_at; sources' quoting,
 * external, source_meta, loaded_at_query; macros' meta, docs, patch_path; exposures' label,
 * maturity, url, config) are there, derived from the project as dbt derives them. The expected
 * values are what dbt-core 1.11.16 (dbt-duckdb 1.11.1) wrote: test/fixtures/compat (key sets) and
 * test/fixtures/dbt-fields/expected.json (values, see that folder's README).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigSeedText } from './compat-fixture.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { compareManifests, changedIds } from '../../src/graph/index.js';
import type { Manifest } from '../../src/graph/types.js';
import { loadProject } from '../../src/project/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const dbtCompat = JSON.parse(readFileSync(join(fixtures, 'compat', 'dbt-1.11-state', 'manifest.json'), 'utf8')) as Record<string, Record<string, Record<string, unknown>>>;
const expected = JSON.parse(readFileSync(join(fixtures, 'dbt-fields', 'expected.json'), 'utf8')) as Record<string, Record<string, Record<string, unknown>>>;
const env = { HOME: join(tmpdir(), 'dailies-no-home') };

const folders: string[] = [];
async function compiled(fixture: string, touch?: (root: string) => void): Promise<{ root: string; manifest: Manifest }> {
  const root = mkdtempSync(join(tmpdir(), 'dailies-dbt-fields-'));
  folders.push(root);
  cpSync(fixture, root, { recursive: true });
  touch?.(root);
  return { root, manifest: (await compileProject(await loadProject({ projectDir: root, env }))).manifest };
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

type Member = Record<string, unknown>;
const keysOf = (value: unknown): string[] => Object.keys((value ?? {}) as object).sort();
/** dbt's keys that ours lacks (ours may have more: `dailies`, `compiled`, `extra_ctes` …). */
const missing = (dbt: unknown, ours: unknown): string[] => keysOf(dbt).filter((key) => !keysOf(ours).includes(key));

describe('the keys of every member, as dbt-core 1.11 writes them', () => {
  let ours: Manifest;
  beforeAll(async () => {
    // with the seed over 1 MiB the recorded dbt manifest holds (written by the test: see compat-fixture.ts)
    ours = (await compiled(join(fixtures, 'compat', 'project'), (root) => writeFileSync(join(root, 'seeds', 'big_ratings.csv'), bigSeedText()))).manifest;
  });

  it('has every top-level collection', () => {
    expect(missing(dbtCompat, ours)).toEqual([]);
    expect(ours.functions).toEqual({});
  });

  it('has every key of every node, source, macro of the project, exposure and doc, their columns and config', () => {
    const gaps: string[] = [];
    for (const collection of ['nodes', 'sources', 'macros', 'exposures', 'docs'] as const) {
      for (const [id, member] of Object.entries(dbtCompat[collection]!) as [string, Member][]) {
        // dbt's own macros are left out of the fixture; doc.dbt.__overview__ is dbt's docs site's (docs/status.md)
        if (id === 'doc.dbt.__overview__') continue;
        const mine = (ours[collection] as unknown as Record<string, Member>)[id];
        if (!mine) {
          gaps.push(`${id}: not in ours`);
          continue;
        }
        for (const key of missing(member, mine)) gaps.push(`${id}.${key}`);
        for (const key of missing(member.config, mine.config)) gaps.push(`${id}.config.${key}`);
        for (const [name, column] of Object.entries((member.columns ?? {}) as Record<string, Member>)) {
          for (const key of missing(column, (mine.columns as Record<string, Member>)[name])) gaps.push(`${id}.columns.${name}.${key}`);
        }
      }
    }
    expect(gaps).toEqual([]);
  });
});

describe('the fields dbt derives from the project', () => {
  let root: string;
  let ours: Manifest;
  beforeAll(async () => {
    ({ root, manifest: ours } = await compiled(join(fixtures, 'dbt-fields', 'project')));
  });

  /** `fields` of `member`, columns' doc_blocks/config/granularity, root_path with the folder as <project>. */
  function pick(member: Member, fields: string[]): Member {
    const out: Member = {};
    for (const field of fields) {
      if (field === 'columns') {
        out.columns = Object.fromEntries(
          Object.entries((member.columns ?? {}) as Record<string, Member>).map(([name, column]) => [name, { doc_blocks: column.doc_blocks, config: column.config, granularity: column.granularity }]),
        );
      } else if (field === 'root_path') out.root_path = String(member.root_path).replace(root, '<project>');
      else out[field] = member[field];
    }
    return out;
  }

  it('nodes: docs, access, group, patch_path, doc_blocks, primary_key, file_key_name, root_path, unrendered_config', () => {
    expect(Object.keys(ours.nodes).sort()).toEqual(Object.keys(expected.nodes!).sort());
    for (const [id, want] of Object.entries(expected.nodes!) as [string, Member][]) {
      expect({ id, ...pick(ours.nodes[id] as unknown as Member, Object.keys(want)) }).toEqual({ id, ...want });
    }
    // spot checks of what the fixture exercises
    expect(ours.nodes['model.compat.movie_count']).toMatchObject({ access: 'public', group: 'finance', docs: { show: false, node_color: 'red' }, primary_key: ['movies'] });
    expect(ours.nodes['model.compat.stg_ratings']!.primary_key).toEqual(['movie_id', 'rating_id', 'stars']);
    expect(ours.nodes['model.compat.dim_movies']!.doc_blocks).toEqual(['doc.compat.dim_movies']);
    expect(ours.nodes['test.compat.unique_stg_ratings_stars.70dc08fba2']).toMatchObject({ group: 'finance', file_key_name: 'models.stg_ratings' });
  });

  it('disabled nodes (a disabled unique test still names a primary key)', () => {
    for (const [id, want] of Object.entries(expected.disabled!) as [string, Member][]) {
      const mine = (ours.disabled[id] as Member[] | undefined)?.[0];
      expect({ id, ...pick(mine ?? {}, Object.keys(want)) }).toEqual({ id, ...want });
    }
    expect(ours.nodes['model.compat.stg_movies']!.primary_key).toEqual(['movie_id']);
  });

  it('sources: quoting, external, source_meta, loaded_at_query, config, meta, unrendered_config', () => {
    for (const [id, want] of Object.entries(expected.sources!) as [string, Member][]) {
      expect({ id, ...pick(ours.sources[id] as unknown as Member, Object.keys(want)) }).toEqual({ id, ...want });
    }
  });

  it('macros: meta, docs, config and patch_path from `macros:` YAML; descriptions render doc()', () => {
    for (const [id, want] of Object.entries(expected.macros!) as [string, Member][]) {
      expect({ id, ...pick(ours.macros[id] as unknown as Member, Object.keys(want)) }).toEqual({ id, ...want });
    }
  });

  it('exposures: label, maturity, url, config, unrendered_config', () => {
    for (const [id, want] of Object.entries(expected.exposures!) as [string, Member][]) {
      expect({ id, ...pick(ours.exposures[id] as unknown as Member, Object.keys(want)) }).toEqual({ id, ...want });
    }
  });

  it("gives a template's `model` these fields, as dbt compiles them", () => {
    // dbt-core 1.11.16's `dbt compile` of models/marts/probe.sql
    const dbtCompiled = [
      'select',
      "  'True' as docs_show,",
      "  'green' as node_color,",
      "  'public' as access,",
      "  'finance' as grp,",
      "  'compat://models/marts/groups.yml' as patch_path,",
      "  'access,grp' as primary_key,",
      '  1 as doc_blocks,',
      "  'True' as created_at_is_number",
    ].join('\n');
    expect(ours.nodes['model.compat.probe']!.compiled_code?.trim()).toBe(dbtCompiled);
  });
});

describe('created_at', () => {
  it("is the modification time of the file that defines the member (seconds), so that equal files give equal bytes", async () => {
    const when = new Date('2026-01-02T03:04:05.250Z');
    const { root, manifest } = await compiled(join(fixtures, 'dbt-fields', 'project'), (dir) => {
      for (const file of ['models/marts/probe.sql', 'models/marts/groups.yml', 'models/staging/sources.yml', 'macros/cents_to_dollars.sql', 'macros/macros.yml', 'seeds/raw_movies.csv']) {
        utimesSync(join(dir, file), when, when);
      }
    });
    const seconds = when.getTime() / 1000;
    expect(manifest.nodes['model.compat.probe']!.created_at).toBe(seconds);
    // a generic test and an exposure: their property file's
    expect(manifest.nodes['test.compat.unique_stg_ratings_stars.70dc08fba2']!.created_at).toBe(seconds);
    expect(manifest.exposures['exposure.compat.movie_board']!.created_at).toBe(seconds);
    expect(manifest.sources['source.compat.landing.ratings']!.created_at).toBe(seconds);
    // a macro described in YAML: the YAML's (dbt: the time of the patch)
    expect(manifest.macros['macro.compat.cents_to_dollars']!.created_at).toBe(seconds);
    expect(manifest.nodes['seed.compat.raw_movies']!.created_at).toBe(seconds);
    const other = statSync(join(root, 'models/marts/dim_movies.sql')).mtimeMs / 1000;
    expect(manifest.nodes['model.compat.dim_movies']!.created_at).toBe(other);
  });
});

describe('state comparison', () => {
  it('selects nothing when only these fields differ (dbt compares none of them)', async () => {
    const { manifest } = await compiled(join(fixtures, 'dbt-fields', 'project'));
    const changed = structuredClone(manifest);
    for (const node of Object.values(changed.nodes)) {
      Object.assign(node, { created_at: 1, patch_path: null, doc_blocks: ['doc.x.y'], docs: { show: false, node_color: 'red' }, build_path: 'x', compiled_path: 'y' });
      if (node.resource_type === 'model') Object.assign(node, { primary_key: ['z'] });
      if (node.resource_type === 'test') Object.assign(node, { file_key_name: 'models.other', group: 'other' });
    }
    for (const source of Object.values(changed.sources)) Object.assign(source, { created_at: 1, doc_blocks: [], source_meta: { x: 1 }, patch_path: 'a://b' });
    for (const macro of Object.values(changed.macros)) Object.assign(macro, { created_at: 1, patch_path: 'a://b', meta: { x: 1 }, docs: { show: false, node_color: null } });
    for (const exposure of Object.values(changed.exposures)) Object.assign(exposure, { created_at: 1 });
    expect(changedIds(compareManifests(manifest, changed))).toEqual([]);
  });

  it('reads a manifest of an older dailies (sources quoting the parts their relation quotes, config as written) as unchanged', async () => {
    const { manifest } = await compiled(join(fixtures, 'dbt-fields', 'project'));
    const older = structuredClone(manifest);
    for (const source of Object.values(older.sources)) {
      // config held what `config:` said (its loaded_at_query too), not dbt's every key
      const { freshness: _f, loaded_at_field: _l, meta: _m, event_time: _e, static_analysis: _s, ...config } = source.config;
      source.config = config;
      source.quoting = source.dailies.quoting ?? {};
      delete source.dailies.quoting;
      for (const key of ['external', 'loaded_at_query', 'source_meta', 'doc_blocks', 'patch_path', 'created_at'] as const) delete source[key];
    }
    expect(changedIds(compareManifests(older, manifest))).toEqual([]);
    // the fixture quotes a source's identifier: the older shape held it in `quoting`
    expect(older.sources['source.compat.landing.ratings']!.quoting).toEqual({ identifier: true });
  });
});
