import { describe, expect, it } from 'vitest';
import { compareManifests, changedIds } from '../../src/graph/state.js';
import { selectNodes } from '../../src/graph/selection.js';
import { serializeManifest } from '../../src/graph/artifacts.js';
import type { Manifest } from '../../src/graph/types.js';
import { ManifestBuilder } from './manifest-builder.js';

/** 10,000 models, each ref-ing the one before and one a third of the way back; a test on every tenth. */
function bigManifest(): Manifest {
  const builder = new ManifestBuilder('big').source('raw', 'events');
  for (let i = 0; i < 10_000; i++) {
    const refs = i === 0 ? [] : [...new Set([`m${i - 1}`, `m${Math.floor(i / 3)}`])];
    builder.model(`m${i}`, { refs, sources: i === 0 ? [['raw', 'events']] : [], raw: `select ${i}`, tags: i % 2 ? ['odd'] : [] });
    if (i % 10 === 0) builder.genericTest('not_null', [`m${i}`]);
  }
  return builder.build();
}

/** A copy of `manifest` in which the given models' SQL changed. */
function withEditedBodies(manifest: Manifest, ids: string[]): Manifest {
  const nodes = { ...manifest.nodes };
  for (const id of ids) {
    const node = nodes[id];
    nodes[id] = { ...node, raw_code: 'select edited', checksum: { name: 'sha256', checksum: 'edited' } };
  }
  return { ...manifest, nodes };
}

/** CPU milliseconds `run` takes (wall time means little on a shared machine). */
describe('at 10,000 models', () => {
  const base = bigManifest();
  const head = withEditedBodies(base, ['model.big.m5000', 'model.big.m9000']);

  it('selects with graph operators and set operations', () => {
    const selected = selectNodes(head, { select: ['+m5000', 'tag:odd,m9000+'], exclude: ['m0'] });
    expect(selected).toContain('model.big.m4999');
    expect(selected).toContain('test.big.not_null_m5000_id');
    expect(selected).not.toContain('model.big.m0');
  });

  it('compares manifests and selects state:modified+', () => {
    const changed = changedIds(compareManifests(base, head));
    const downstream = selectNodes(head, { select: ['state:modified+'], state: base, resourceTypes: ['model'] });
    expect(changed).toEqual(['model.big.m5000', 'model.big.m9000']);
    expect(downstream).toHaveLength(10_000 - 5000);
  });

  it('serializes the manifest with its graph maps', () => {
    const text = serializeManifest(head);
    expect(JSON.parse(text).child_map['model.big.m9998']).toEqual(['model.big.m9999']);
  });
});
