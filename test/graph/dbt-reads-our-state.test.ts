/**
 * The other direction of dbt-state-compat: real dbt given a manifest written by dailies as its
 * `--state` (`dbt ls -s state:modified --state <ours>`). dbt-core 1.11's state comparison reads,
 * per node: raw_code, fqn, unrendered_config (config and database/schema/alias), persisted
 * descriptions, the contract, latest_version/access/deprecation_date, and the text of every macro
 * reached from depends_on.macros; per source: database, schema, identifier, quoting, freshness,
 * loaded_at_field, external and unrendered_config. The expected values are what dbt-core 1.11.16
 * (dbt-duckdb 1.11.1) wrote for test/fixtures/compat. The project's own macros compare equal; dbt's
 * global macros do not (dailies has its own text for them). `dbt ls -s state:modified --state <ours>`
 * on the unchanged fixture selects only the nodes calling one of those directly (recorded below).
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { readManifest } from '../../src/graph/index.js';
import type { Manifest, ManifestNode } from '../../src/graph/types.js';
import { loadProject } from '../../src/project/index.js';
import { compatFixtures as fixtures, copyCompatProject } from './compat-fixture.js';

const dbt = readManifest(join(fixtures, 'dbt-1.11-state', 'manifest.json'));
const reached = JSON.parse(readFileSync(join(fixtures, 'dbt-1.11-state', 'reached-macros.json'), 'utf8')) as Record<string, { macro_sql: string; depends_on: { macros: string[] } }>;
delete (reached as Record<string, unknown>)._comment;

let root = '';
let ours: Manifest;
beforeAll(async () => {
  root = copyCompatProject('dailies-dbt-reads-');
  ours = (await compileProject(await loadProject({ projectDir: root, env: { HOME: join(tmpdir(), 'dailies-no-home') } }))).manifest;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What dbt's ParsedNode/ModelNode.same_contents reads of a node (persist_docs decides whether descriptions count). */
function comparedFields(node: ManifestNode): Record<string, unknown> {
  const persist = (node.unrendered_config?.persist_docs ?? node.config.persist_docs ?? {}) as { relation?: boolean; columns?: boolean };
  const model = node.resource_type === 'model' ? node as ManifestNode & { access?: string } : undefined;
  return {
    body: node.resource_type === 'seed' ? node.checksum : node.raw_code,
    fqn: node.fqn,
    unrendered_config: node.unrendered_config,
    description: persist.relation ? node.description : null,
    columns: persist.columns ? Object.fromEntries(Object.values(node.columns).map((column) => [column.name, column.description])) : null,
    // only a model's contract is compared (dbt writes none on tests)
    contract: model ? { enforced: node.contract.enforced, checksum: node.contract.enforced ? node.contract.checksum : null } : null,
    ref: model ? { latest_version: model.latest_version ?? null, access: model.access ?? 'protected', deprecation_date: model.deprecation_date ?? null } : null,
    macros: node.depends_on.macros,
  };
}

describe('a manifest written by dailies, read by dbt-core 1.11 as --state', () => {
  it('has every node dbt has, with the same fields dbt compares', () => {
    expect(Object.keys(ours.nodes).sort()).toEqual(Object.keys(dbt.nodes).sort());
    for (const id of Object.keys(dbt.nodes)) {
      expect({ id, ...comparedFields(ours.nodes[id]!) }).toEqual({ id, ...comparedFields(dbt.nodes[id]!) });
    }
  });

  it("writes unrendered_config as dbt does: dbt_project.yml's raw values, then YAML config, then config()", () => {
    expect(ours.nodes['model.compat.dim_movies']!.unrendered_config).toEqual({
      materialized: 'table', tags: ['daily'], 'post-hook': 'select 1', persist_docs: { relation: true }, contract: { enforced: true },
    });
    expect(ours.nodes['test.compat.not_null_movie_count_movies.a151ed1ff0']!.unrendered_config).toEqual({ store_failures: true, where: 'movies > 0' });
  });

  it("holds the project's macros character for character; dbt's global macros are dailies' own text", () => {
    // dailies writes its own implementation of dbt's global macros (it does not copy dbt-core's code), so
    // dbt's `state:modified.macros` sees those as changed: a node calling one directly (every generic
    // test, an is_incremental() model) is selected by `dbt ls -s state:modified` against our manifest
    const ids = Object.keys(reached).filter((id) => id !== '_comment');
    const projectMacros = ids.filter((id) => !id.startsWith('macro.dbt.'));
    expect(projectMacros).toEqual(['macro.compat.cents_to_dollars', 'macro.compat.default__round_price', 'macro.compat.is_cheap', 'macro.compat.price_label', 'macro.compat.round_price', 'macro.compat.test_is_priced']);
    for (const id of projectMacros) expect({ id, sql: ours.macros[id]?.macro_sql }).toEqual({ id, sql: reached[id]!.macro_sql });
    for (const id of ids.filter((id) => id.startsWith('macro.dbt.'))) expect(ours.macros[id], id).toBeDefined();
  });

  it('leaves, as the only difference dbt selects on the unchanged fixture, the nodes that reach one of dbt\'s global macros', () => {
    // recorded from dbt-core 1.11.16 + dbt-duckdb 1.11.1: `dbt ls -s state:modified --state <ours> --output name`
    // on an unchanged copy of the fixture printed these (all of them also under state:modified.macros; nothing
    // under state:modified.body, .configs or .contract; the seed over 1 MiB is not selected: both manifests hold its path)
    const selectedByDbt = [
      'accepted_values_fct_ratings_stars__1__2__3__4__5', 'fct_ratings', 'is_priced_price_labels_price', 'not_null_dim_movies_movie_id', 'not_null_movie_count_movies',
      'price_labels', 'relationships_fct_ratings_movie_id__movie_id__ref_dim_movies_', 'source_not_null_landing_ratings_rating_id', 'unique_dim_movies_movie_id',
    ];
    // dbt follows depends_on.macros through the macros' own depends_on (price_labels → price_label → dbt.concat)
    const reachesGlobal = (ids: string[], seen = new Set<string>()): boolean =>
      ids.some((id) => id.startsWith('macro.dbt.') || (!seen.has(id) && (seen.add(id), reachesGlobal(ours.macros[id]?.depends_on.macros ?? [], seen))));
    const reaching = Object.values(ours.nodes).filter((node) => reachesGlobal(node.depends_on.macros)).map((node) => node.name);
    expect(reaching.sort()).toEqual(selectedByDbt);
  });

  it("gives the source dbt's database, quoting, freshness and unrendered_config", () => {
    const id = 'source.compat.landing.ratings';
    const pick = (source: Manifest['sources'][string]) => {
      const written = source as typeof source & { quoting?: Record<string, unknown>; external?: unknown };
      const quoting = Object.fromEntries(Object.entries(written.quoting ?? {}).filter(([, value]) => value !== null));
      return {
        // dbt-core 1.11 compares a source's rendered database (dbt-duckdb: the file's name, here "compat")
        database: source.database, schema: source.schema, identifier: source.identifier, fqn: source.fqn, quoting, freshness: source.freshness,
        loaded_at_field: source.loaded_at_field ?? null, external: written.external ?? null, unrendered_config: source.unrendered_config,
        relation_name: source.relation_name,
      };
    };
    expect(pick(ours.sources[id]!)).toEqual(pick(dbt.sources[id]!));
    expect(ours.sources[id]!.database).toBe('compat');
  });

  it("names every node's database after the profile's DuckDB file, as dbt-duckdb does, and renders relation_name with it", () => {
    const names = (manifest: Manifest) =>
      Object.fromEntries(
        Object.values(manifest.nodes)
          // dbt also names the audit table of a test that stores its failures; dailies leaves a test's relation_name null
          .map((node) => [node.unique_id, { database: node.database, schema: node.schema, relation_name: node.resource_type === 'test' ? null : node.relation_name }]),
      );
    expect(names(ours)).toEqual(names(dbt));
    expect(ours.nodes['model.compat.dim_movies']).toMatchObject({ database: 'compat', relation_name: '"compat"."main"."dim_movies"' });
  });
});
