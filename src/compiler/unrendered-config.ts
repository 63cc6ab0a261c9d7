/**
 * A node's `unrendered_config` as dbt-core writes it (UnrenderedConfigGenerator): the raw values of
 * dbt_project.yml at each level of the node's fqn (`+` stripped), then the YAML `config:`, then the
 * `config()` calls, each level replacing keys of the one before (no merging); for a node of an
 * installed package the root project's levels come last again. dbt's `state:modified` compares it.
 */
import type { LoadedPackage } from '../project/types.js';
import type { CompileState, NodeDraft } from './compile-state.js';
import type { NodeKind } from './node-config.js';

/** The dbt_project.yml section dbt reads for each kind (analyses take the models' configs). */
const SECTION: Record<NodeKind, 'models' | 'seeds' | 'snapshots' | 'data_tests'> = {
  model: 'models',
  analysis: 'models',
  seed: 'seeds',
  snapshot: 'snapshots',
  test: 'data_tests',
};

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** dbt's fqn_search: the section's top, then each nested level the fqn names, while there is one. */
function* levels(tree: Record<string, unknown> | undefined, fqn: string[]): Generator<Record<string, unknown>> {
  if (!tree) return;
  let level: Record<string, unknown> = tree;
  yield level;
  for (const part of fqn) {
    const next = level[part];
    if (!isMap(next)) return;
    yield next;
    level = next;
  }
}

function levelKeys(out: Record<string, unknown>, level: Record<string, unknown>): void {
  for (const key in level) {
    const value = level[key];
    if (key.startsWith('+')) out[key.slice(1).trim()] = value;
    else if (!isMap(value)) out[key] = value;
  }
}

/** The project's levels down to the node's folder, cached: nodes of a folder share them. */
const folderLevels = new WeakMap<LoadedPackage, Map<string, { values: Record<string, unknown>; deepest: Record<string, unknown> | null }>>();

function applyProject(out: Record<string, unknown>, pkg: LoadedPackage, kind: NodeKind, fqn: string[]): void {
  const cached = projectLevels(pkg, kind, fqn);
  if (!cached) return;
  Object.assign(out, cached.values);
  const own = cached.deepest?.[fqn[fqn.length - 1] ?? ''];
  if (isMap(own)) levelKeys(out, own);
}

/** The project's levels down to the node's folder (undefined: the project configures none of this kind). */
function projectLevels(pkg: LoadedPackage, kind: NodeKind, fqn: string[]): { values: Record<string, unknown>; deepest: Record<string, unknown> | null } | undefined {
  const configs = pkg.config.resourceConfigs;
  const tree = kind === 'test' ? (configs.data_tests ?? configs.tests) : configs[SECTION[kind]];
  if (!tree) return undefined;
  let byFolder = folderLevels.get(pkg);
  if (!byFolder) folderLevels.set(pkg, (byFolder = new Map()));
  const folder = fqn.slice(0, -1);
  const key = `${kind}\u0000${folder.join('\u0000')}`;
  let cached = byFolder.get(key);
  if (!cached) {
    const values: Record<string, unknown> = {};
    let deepest: Record<string, unknown> | null = null;
    let reached = 0;
    for (const level of levels(tree, folder)) {
      levelKeys(values, level);
      deepest = level;
      reached++;
    }
    // the folder path ended early: no deeper level (the node's own name included) applies
    cached = { values, deepest: reached === folder.length + 1 ? deepest : null };
    byFolder.set(key, cached);
  }
  return cached;
}

function isEmpty(value: Record<string, unknown>): boolean {
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return false;
  return true;
}

const NOTHING: Readonly<Record<string, unknown>> = Object.freeze({});

/** Folder values shared by the nodes that add nothing to them (frozen: the manifest only serializes them). */
const sharedFolderValues = new WeakMap<Record<string, unknown>, Readonly<Record<string, unknown>>>();

export function unrenderedConfig(state: CompileState, draft: NodeDraft): Record<string, unknown> {
  if (draft.pkg.isRoot && isEmpty(draft.yamlConfig) && isEmpty(draft.configCalls)) {
    // most nodes of a large project: dbt_project.yml's levels alone, one object per folder
    const folder = projectLevels(draft.pkg, draft.kind, draft.node.fqn);
    if (!folder) return NOTHING as Record<string, unknown>;
    if (!isMap(folder.deepest?.[draft.node.fqn[draft.node.fqn.length - 1] ?? ''])) {
      let shared = sharedFolderValues.get(folder.values);
      if (!shared) sharedFolderValues.set(folder.values, (shared = Object.freeze({ ...folder.values })));
      return shared as Record<string, unknown>;
    }
  }
  const out: Record<string, unknown> = {};
  applyProject(out, draft.pkg, draft.kind, draft.node.fqn);
  Object.assign(out, draft.yamlConfig, draft.configCalls);
  if (!draft.pkg.isRoot) applyProject(out, state.project.rootPackage, draft.kind, draft.node.fqn);
  // values are shared with the project's config (read-only: the manifest only serializes them)
  return out;
}

/** An exposure's `unrendered_config`: dbt_project.yml's `exposures:` levels for its fqn, then its `config:` as written. */
export function exposureUnrenderedConfig(pkg: LoadedPackage, fqn: string[], config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const level of levels(pkg.config.resourceConfigs.exposures, fqn)) levelKeys(out, level);
  return Object.assign(out, config);
}

/** A FreshnessThreshold as dbt's `to_dict()` writes it (every key, null when not set). */
export function freshnessDict(value: unknown): Record<string, unknown> | null {
  if (!isMap(value)) return null;
  const after = (entry: unknown): Record<string, unknown> => ({ count: isMap(entry) ? (entry.count ?? null) : null, period: isMap(entry) ? (entry.period ?? null) : null });
  return { warn_after: after(value.warn_after), error_after: after(value.error_after), filter: value.filter ?? null };
}

interface SourceSide {
  config: Record<string, unknown>;
  meta: Record<string, unknown>;
  tags: string[];
  loadedAtField?: string;
  loadedAtQuery?: string;
  freshness?: unknown;
}

/** dbt's `loaded_at_field`: the table's (top-level or config) when it names one; else the source's. */
export function loadedAtFieldOf(source: SourceSide, table: SourceSide): string | null {
  const ofConfig = (config: Record<string, unknown>): string | undefined => (typeof config.loaded_at_field === 'string' ? config.loaded_at_field : undefined);
  return table.loadedAtField ?? ofConfig(table.config) ?? source.loadedAtField ?? ofConfig(source.config) ?? null;
}

/** dbt's parse error: a table (or a source) naming both a loaded_at_field and a loaded_at_query; the level, or null. */
export function loadedAtClash(source: SourceSide, table: SourceSide): 'table' | 'source' | null {
  const query = (side: SourceSide): boolean => side.loadedAtQuery !== undefined || typeof side.config.loaded_at_query === 'string';
  if (table.loadedAtField !== undefined && query(table)) return 'table';
  if ((source.loadedAtField !== undefined || typeof source.config.loaded_at_field === 'string') && query(source)) return 'source';
  return null;
}

/** dbt's `loaded_at_query`: the table's (top-level or config); else, unless the table names a loaded_at_field, the source's. */
export function loadedAtQueryOf(source: SourceSide, table: SourceSide): string | null {
  const ofConfig = (config: Record<string, unknown>): string | undefined => (typeof config.loaded_at_query === 'string' ? config.loaded_at_query : undefined);
  const own = table.loadedAtQuery ?? ofConfig(table.config);
  if (own !== undefined) return own;
  if (table.loadedAtField !== undefined) return null;
  return source.loadedAtQuery ?? ofConfig(source.config) ?? null;
}

/**
 * A source table's `unrendered_config` as dbt-core writes it: dbt_project.yml's `sources:` levels,
 * then the source's and the table's `config:`, then freshness (when either declares one), the
 * loaded_at field and query, meta (merged) and tags (sorted union).
 */
export function sourceUnrenderedConfig(pkg: LoadedPackage, root: LoadedPackage, fqn: string[], source: SourceSide, table: SourceSide, freshness: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const apply = (owner: LoadedPackage): void => {
    for (const level of levels(owner.config.resourceConfigs.sources, fqn)) levelKeys(out, level);
  };
  apply(pkg);
  Object.assign(out, source.config, table.config);
  const declared = [source.freshness, source.config.freshness, table.freshness, table.config.freshness].some((value) => value !== undefined);
  if (declared) out.freshness = freshnessDict(freshness);
  else delete out.freshness;
  const configString = (side: SourceSide, key: string): string | null => (typeof side.config[key] === 'string' ? (side.config[key] as string) : null);
  out.loaded_at_field = table.loadedAtField ?? configString(table, 'loaded_at_field') ?? source.loadedAtField ?? configString(source, 'loaded_at_field');
  out.loaded_at_query = loadedAtQueryOf(source, table);
  const metaOf = (side: SourceSide): Record<string, unknown> => ({ ...side.meta, ...(isMap(side.config.meta) ? side.config.meta : {}) });
  out.meta = { ...metaOf(source), ...metaOf(table) };
  const tagsOf = (side: SourceSide): string[] => {
    const tags = side.config.tags;
    return [...side.tags, ...(Array.isArray(tags) ? tags : tags === undefined || tags === null ? [] : [tags]).filter((tag): tag is string => typeof tag === 'string')];
  };
  out.tags = [...new Set([...tagsOf(source), ...tagsOf(table)])].sort();
  if (!pkg.isRoot) apply(root);
  return out;
}
