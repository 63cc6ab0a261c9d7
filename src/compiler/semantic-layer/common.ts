/** What semantic models, metrics and saved queries share: config defaults, paths, name lookups. */
import type { LoadedPackage } from '../../project/types.js';
import type { CompileState } from '../compile-state.js';
import { packageRelative } from '../package-paths.js';

export interface SemanticConfig {
  enabled: boolean;
  group: string | null;
  meta: Record<string, unknown>;
  /** Keys dbt keeps as they are written (its configs accept extra keys). */
  extra: Record<string, unknown>;
}

/** `enabled`, `group` and `meta` with dbt's defaults; other keys kept. */
export function semanticConfig(written: Record<string, unknown>): SemanticConfig {
  const { enabled, group, meta, ...extra } = written;
  return {
    enabled: enabled !== false && enabled !== 'false',
    group: typeof group === 'string' ? group : null,
    meta: meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {},
    extra,
  };
}

/**
 * `original_file_path` (relative to the package root) and `path` as dbt writes it for YAML-defined
 * resources: relative to the resource folder that holds the file (`models/sem/x.yml` → `sem/x.yml`).
 */
export function yamlPaths(state: CompileState, pkg: LoadedPackage, placeFile: string): { path: string; originalFilePath: string } {
  const originalFilePath = packageRelative(state, pkg, placeFile);
  const { modelPaths, seedPaths, snapshotPaths, analysisPaths, macroPaths, testPaths } = pkg.config;
  const base = [...modelPaths, ...seedPaths, ...snapshotPaths, ...analysisPaths, ...macroPaths, ...testPaths].find((folder) => originalFilePath.startsWith(`${folder.replace(/\/+$/, '')}/`));
  return { path: base ? originalFilePath.slice(base.replace(/\/+$/, '').length + 1) : originalFilePath, originalFilePath };
}

/**
 * Picks among same-named candidates as dbt-core 1.11 resolves a name by default
 * (`require_ref_searches_node_package_before_root: false`): the root project, then the node's own
 * package, then any.
 */
export function pickByPackage<T extends { package_name: string }>(candidates: T[], fromPackage: string, rootPackage: string): T | undefined {
  return candidates.find((c) => c.package_name === rootPackage) ?? candidates.find((c) => c.package_name === fromPackage) ?? candidates[0];
}
