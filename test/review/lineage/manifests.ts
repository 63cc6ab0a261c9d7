import type { Manifest } from '../../../src/graph/types.js';
import type { ChangedNode } from '../../../src/review/types.js';

type NodeSpec = { parents?: string[]; sql?: string; type?: string };

/** A manifest with just the fields lineage reads. */
export function manifestOf(nodes: Record<string, NodeSpec>, exposures: Record<string, string[]> = {}, sources: string[] = []): Manifest {
  const manifestNodes = Object.fromEntries(
    Object.entries(nodes).map(([id, spec]) => [
      id,
      { unique_id: id, name: id.split('.').pop(), resource_type: spec.type ?? id.split('.')[0], depends_on: { nodes: spec.parents ?? [], macros: [] }, compiled_code: spec.sql, raw_code: spec.sql ?? '' },
    ]),
  );
  const manifestExposures = Object.fromEntries(
    Object.entries(exposures).map(([id, parents]) => [id, { unique_id: id, name: id.split('.').pop(), resource_type: 'exposure', depends_on: { nodes: parents, macros: [] } }]),
  );
  const manifestSources = Object.fromEntries(
    sources.map((id) => {
      const [, , sourceName, name] = id.split('.');
      return [id, { unique_id: id, source_name: sourceName, name, resource_type: 'source' }];
    }),
  );
  return { nodes: manifestNodes, exposures: manifestExposures, sources: manifestSources } as unknown as Manifest;
}

export function change(uniqueId: string, extra: Partial<ChangedNode> = {}): ChangedNode {
  return {
    uniqueId,
    name: uniqueId.split('.').pop()!,
    resourceType: uniqueId.split('.')[0],
    status: 'modified',
    reasons: ['body'],
    changedMacros: [],
    file: `models/${uniqueId.split('.').pop()}.sql`,
    cosmetic: false,
    ...extra,
  };
}
