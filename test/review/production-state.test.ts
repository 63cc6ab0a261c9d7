/**
 * Production's state record as a value: built from a compiled manifest, read back exactly, refused
 * when damaged; and the relations a promotion must drop when models leave main.
 */
import { describe, expect, it } from 'vitest';
import { createTinyRepo } from '../../bench/reliability/tiny-project.js';
import { compileProject } from '../../src/compiler/index.js';
import { loadProject } from '../../src/project/index.js';
import { recordedManifest, stateOf } from '../../src/review/production-state.js';
import { removedRelations } from '../../src/review/publish.js';

async function tinyManifests(edit: (write: (file: string, text: string) => void, remove: (file: string) => void) => void) {
  const repo = createTinyRepo();
  try {
    const before = (await compileProject(await loadProject({ projectDir: repo.dir, env: {} }))).manifest;
    edit(repo.write, repo.remove);
    const after = (await compileProject(await loadProject({ projectDir: repo.dir, env: {} }))).manifest;
    return { before, after };
  } finally {
    repo.dispose();
  }
}

describe("production's state record", () => {
  it('holds the manifest exactly, with its hash, the commit and the relation count', async () => {
    const { before } = await tinyManifests(() => undefined);
    const state = stateOf(before, 'a'.repeat(40), new Date('2026-12-05T10:00:00Z'));
    expect(state).toMatchObject({ commitSha: 'a'.repeat(40), promotedAt: '2026-12-05T10:00:00.000Z', nodeCount: 7 });
    expect(state.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(recordedManifest(state).nodes).sort()).toEqual(Object.keys(before.nodes).sort());
  });

  it('a record whose manifest does not match its hash is refused, with what to do', async () => {
    const { before } = await tinyManifests(() => undefined);
    const state = stateOf(before, 'b'.repeat(40));
    expect(() => recordedManifest({ ...state, manifestJson: state.manifestJson.replace('dim_users', 'dim_userz') })).toThrow(/is damaged: its manifest does not match its hash/);
  });

  it('the relations to drop are those no node of main builds any more', async () => {
    const { before, after } = await tinyManifests((write, remove) => {
      remove('models/marts/rpt_countries.sql');
      write('models/fct_ratings.sql', "{{ config(alias='fact_ratings') }}\nselect rating_id, user_id, rating from {{ ref('ratings') }}\n");
    });
    expect(removedRelations(before, after).map(({ uniqueId, relation }) => [uniqueId, relation.schema, relation.identifier])).toEqual([
      ['model.tiny.fct_ratings', 'main', 'fct_ratings'],
      ['model.tiny.rpt_countries', 'main_marts', 'rpt_countries'],
    ]);
    expect(removedRelations(before, before)).toEqual([]);
  });
});
