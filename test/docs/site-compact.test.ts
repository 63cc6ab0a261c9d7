import { describe, expect, it } from 'vitest';
import { hydrate } from '../../docs-site/src/hydrate.js';
import { compactManifest } from '../../src/docs/site-compact.js';
import { siteManifest } from '../../src/docs/site-manifest.js';
import type { SiteData } from '../../src/docs/site-types.js';
import { moviesManifest } from '../graph/movies-manifest.js';

describe('the site JSON compaction', () => {
  it('leaves out defaults and empty values, and hydration gives back every member exactly', () => {
    const full = siteManifest(moviesManifest());
    const compact = compactManifest(structuredClone(full));
    expect(JSON.stringify(compact).length).toBeLessThan(JSON.stringify(full).length * 0.8);
    const data = { manifest: compact, columnLineage: {} } as unknown as SiteData;
    const { data: restored } = hydrate(data);
    for (const group of ['nodes', 'sources', 'exposures'] as const) {
      for (const [id, member] of Object.entries(full[group])) {
        const back = restored.manifest[group][id] as unknown as Record<string, unknown>;
        const original = { ...(member as unknown as Record<string, unknown>) };
        delete original.path;
        if (original.resource_type === 'test') {
          // what no page shows is left out of tests on purpose
          for (const key of ['database', 'schema', 'alias', 'relation_name']) delete original[key];
          original.depends_on = { nodes: (member as { depends_on: { nodes: string[] } }).depends_on.nodes, macros: [] };
          const meta = original.test_metadata as { kwargs: Record<string, unknown> } | undefined;
          if (meta) original.test_metadata = { ...meta, kwargs: Object.fromEntries(Object.entries(meta.kwargs).filter(([key]) => key !== 'model')) };
        }
        expect(back, id).toEqual(original);
      }
    }
  });

  it('expands the compact column lineage', () => {
    const data = {
      manifest: { nodes: {}, sources: {}, exposures: {}, macros: {} },
      columnLineage: { 'model.p.b': { parents: ['model.p.a'], columns: [['x', 1, [[0, 'y']]]] } },
    } as unknown as SiteData;
    expect(hydrate(data).columnLineage['model.p.b']).toEqual({ columns: [{ name: 'x', direct: true, from: [{ node: 'model.p.a', column: 'y' }] }] });
  });
});
