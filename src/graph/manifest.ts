/** Making manifests: the empty shape every builder fills. */
import { MANIFEST_SCHEMA_VERSION } from './artifacts.js';
import type { Manifest } from './types.js';

/** A manifest with every collection dbt's v12 schema has, all empty; `parts` fills some in. */
export function emptyManifest(
  metadata: Pick<Manifest['metadata'], 'project_name' | 'adapter_type' | 'target_name'> & Partial<Manifest['metadata']>,
  parts: Partial<Omit<Manifest, 'metadata'>> = {},
): Manifest {
  return {
    metadata: {
      dbt_schema_version: metadata.dbt_schema_version ?? MANIFEST_SCHEMA_VERSION,
      dbt_version: metadata.dbt_version ?? '1.9.0',
      generator: metadata.generator ?? 'dailies',
      generated_at: metadata.generated_at ?? new Date().toISOString(),
      project_name: metadata.project_name,
      adapter_type: metadata.adapter_type,
      target_name: metadata.target_name,
      env: metadata.env ?? {},
    },
    nodes: {},
    sources: {},
    macros: {},
    docs: {},
    exposures: {},
    metrics: {},
    groups: {},
    semantic_models: {},
    saved_queries: {},
    unit_tests: {},
    functions: {},
    selectors: {},
    disabled: {},
    parent_map: {},
    child_map: {},
    group_map: {},
    ...parts,
  };
}
