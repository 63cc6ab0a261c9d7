import { describe, expect, it } from 'vitest';
import type { Manifest, ManifestNode } from '../../../src/graph/types.js';
import { primaryKeyFor } from '../../../src/review/diff/index.js';

function model(name: string, extra: Partial<ManifestNode> = {}): ManifestNode {
  return {
    unique_id: `model.p.${name}`,
    resource_type: 'model',
    name,
    config: { enabled: true, unique_key: null },
    columns: {},
    ...extra,
  } as unknown as ManifestNode;
}

function test(name: string, attachedNode: string, metadata: { name: string; kwargs: Record<string, unknown> }, columnName?: string): ManifestNode {
  return {
    unique_id: `test.p.${name}`,
    resource_type: 'test',
    name,
    config: { enabled: true },
    columns: {},
    attached_node: attachedNode,
    column_name: columnName ?? null,
    test_metadata: { ...metadata, namespace: null },
  } as unknown as ManifestNode;
}

function manifestOf(...nodes: ManifestNode[]): Manifest {
  return { nodes: Object.fromEntries(nodes.map((node) => [node.unique_id, node])) } as unknown as Manifest;
}

describe('primaryKeyFor', () => {
  it('takes the column of a unique test attached to the model', () => {
    const manifest = manifestOf(
      model('users', { config: { enabled: true, unique_key: 'other' } as never }),
      test('not_null_users_id', 'model.p.users', { name: 'not_null', kwargs: { column_name: 'id' } }, 'id'),
      test('unique_users_user_id', 'model.p.users', { name: 'unique', kwargs: { column_name: 'user_id' } }, 'user_id'),
      test('unique_other_id', 'model.p.other', { name: 'unique', kwargs: { column_name: 'id' } }, 'id'),
    );
    expect(primaryKeyFor(manifest, 'model.p.users')).toEqual({ columns: ['user_id'], source: 'unique test' });
  });

  it('ignores unique tests on expressions and falls back to a unique_combination_of_columns test', () => {
    const manifest = manifestOf(
      model('ratings'),
      test('unique_expr', 'model.p.ratings', { name: 'unique', kwargs: { column_name: "user_id || '-' || movie_id" } }, "user_id || '-' || movie_id"),
      test('combo', 'model.p.ratings', { name: 'unique_combination_of_columns', kwargs: { combination_of_columns: ['user_id', 'movie_id'] } }),
    );
    expect(primaryKeyFor(manifest, 'model.p.ratings')).toEqual({ columns: ['user_id', 'movie_id'], source: 'unique_combination_of_columns test' });
  });

  it('uses a contract primary_key constraint (model-level or on columns)', () => {
    const modelLevel = model('a', { constraints: [{ type: 'check' }, { type: 'primary_key', columns: ['x', 'y'] }] } as never);
    const columnLevel = model('b', {
      columns: {
        id: { name: 'id', constraints: [{ type: 'not_null' }, { type: 'primary_key' }] },
        v: { name: 'v', constraints: [] },
      } as never,
    });
    const manifest = manifestOf(modelLevel, columnLevel);
    expect(primaryKeyFor(manifest, 'model.p.a')).toEqual({ columns: ['x', 'y'], source: 'contract primary_key' });
    expect(primaryKeyFor(manifest, 'model.p.b')).toEqual({ columns: ['id'], source: 'contract primary_key' });
  });

  it('falls back to config unique_key (string or list), else null', () => {
    const manifest = manifestOf(
      model('one', { config: { enabled: true, unique_key: 'order_id' } as never }),
      model('two', { config: { enabled: true, unique_key: ['day', 'country'] } as never }),
      model('none'),
    );
    expect(primaryKeyFor(manifest, 'model.p.one')).toEqual({ columns: ['order_id'], source: 'config unique_key' });
    expect(primaryKeyFor(manifest, 'model.p.two')).toEqual({ columns: ['day', 'country'], source: 'config unique_key' });
    expect(primaryKeyFor(manifest, 'model.p.none')).toBeNull();
    expect(primaryKeyFor(manifest, 'model.p.missing')).toBeNull();
  });
});
