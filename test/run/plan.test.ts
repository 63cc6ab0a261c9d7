import { describe, expect, it } from 'vitest';
import { planRun } from '../../src/run/plan.js';
import { makeManifest, makeNode } from './helpers.js';

const manifest = makeManifest([
  makeNode({ id: 'seed.proj.raw' }),
  makeNode({ id: 'model.proj.stg', dependsOn: ['seed.proj.raw'] }),
  makeNode({ id: 'model.proj.eph', dependsOn: ['model.proj.stg'], config: { materialized: 'ephemeral' } }),
  makeNode({ id: 'model.proj.mart', dependsOn: ['model.proj.eph'] }),
  makeNode({ id: 'model.proj.report', dependsOn: ['model.proj.mart', 'model.proj.stg'] }),
  makeNode({ id: 'test.proj.not_null_stg_id', dependsOn: ['model.proj.stg'] }),
  makeNode({ id: 'test.proj.relationships_report_stg', dependsOn: ['model.proj.report', 'model.proj.stg'] }),
]);
const all = Object.keys(manifest.nodes);

describe('planRun', () => {
  it('leaves ephemeral models out and links across them', () => {
    const plan = planRun(manifest, all, 'run');
    expect(plan.ids).not.toContain('model.proj.eph');
    expect(plan.parents.get('model.proj.mart')).toEqual(['model.proj.stg']);
  });

  it('keeps edges through unselected nodes transitively', () => {
    const plan = planRun(manifest, ['seed.proj.raw', 'model.proj.mart'], 'build');
    expect(plan.parents.get('model.proj.mart')).toEqual(['seed.proj.raw']);
  });

  it('in build, makes the children of a node wait for its tests', () => {
    const plan = planRun(manifest, all, 'build');
    expect(plan.parents.get('model.proj.mart')).toEqual(['model.proj.stg', 'test.proj.not_null_stg_id']);
    // a relationships test between stg and report does not make report wait for itself
    expect(plan.parents.get('model.proj.report')).not.toContain('test.proj.relationships_report_stg');
    expect(plan.ids.indexOf('test.proj.not_null_stg_id')).toBeLessThan(plan.ids.indexOf('model.proj.mart'));
  });

  it('does not add test edges outside build', () => {
    const plan = planRun(manifest, all, 'run');
    expect(plan.parents.get('model.proj.mart')).toEqual(['model.proj.stg']);
  });
});

describe('planRun per command', () => {
  it('runs only the resource types of the command, linking across the rest', () => {
    const plan = planRun(manifest, all, 'run');
    expect(plan.ids).not.toContain('seed.proj.raw');
    expect(plan.ids).not.toContain('test.proj.not_null_stg_id');
    expect(plan.parents.get('model.proj.stg')).toEqual([]);
    expect(planRun(manifest, all, 'seed').ids).toEqual(['seed.proj.raw']);
    expect(planRun(manifest, all, 'test').ids.every((id) => id.startsWith('test.'))).toBe(true);
  });
});
