/**
 * Folder config from dbt_project.yml (`models: {my_project: {staging: {+materialized: view}}}`),
 * with dbt's rules: the deeper level wins, the package's own dbt_project.yml applies first and the
 * root project's after it (root wins), and `tags`/hooks accumulate while most keys are replaced.
 */
import type { FolderConfig, LoadedPackage, Project, ProjectConfig } from './types.js';

export type ResourceConfigKey = keyof ProjectConfig['resourceConfigs'];

/** Configs whose value is a mapping: written without `+`, they are still configs, not folders. */
const DICT_CONFIGS = new Set(['meta', 'docs', 'grants', 'persist_docs', 'contract', 'column_types', 'quoting', 'freshness']);
/** Merged key by key instead of replaced. */
const DICT_MERGED = new Set(['meta', 'docs', 'grants', 'quoting', 'column_types', 'contract']);
const LIST_APPENDED = new Set(['tags', 'pre_hook', 'post_hook']);

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function normalizeKey(key: string): string {
  const bare = key.replace(/^\+/, '').trim();
  if (bare === 'pre-hook') return 'pre_hook';
  if (bare === 'post-hook') return 'post_hook';
  return bare;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Strips `+` prefixes, renames `pre-hook`/`post-hook` to `pre_hook`/`post_hook`, and turns a
 * single tag or hook into a one-item list. Keys given twice (`tags` and `+tags`) are merged.
 */
export function normalizeConfigKeys(config: Record<string, unknown>): FolderConfig {
  let result: FolderConfig = {};
  for (const [key, value] of Object.entries(config)) {
    const name = normalizeKey(key);
    const normalized = LIST_APPENDED.has(name) ? asList(value) : value;
    result = name in result ? mergeConfigs(result, { [name]: normalized }) : { ...result, [name]: normalized };
  }
  return result;
}

/** dbt's config merge: `override` wins, except tags (union), hooks (appended) and dict configs (merged). */
export function mergeConfigs(base: Record<string, unknown>, override: Record<string, unknown>): FolderConfig {
  const left = normalizeConfigKeys(base);
  const right = normalizeConfigKeys(override);
  const result: FolderConfig = { ...left };
  for (const [key, value] of Object.entries(right)) {
    const before = result[key];
    if (key === 'tags') {
      result.tags = [...new Set([...asList(before), ...asList(value)].map(String))];
    } else if (LIST_APPENDED.has(key)) {
      result[key] = [...asList(before), ...asList(value)];
    } else if (key === 'grants' && isPlainMap(before) && isPlainMap(value)) {
      result.grants = mergeGrants(before, value);
    } else if (DICT_MERGED.has(key) && isPlainMap(before) && isPlainMap(value)) {
      result[key] = { ...before, ...value };
    } else {
      result[key] = value;
    }
  }
  return result;
}

/** Grants: a privilege written `+select` adds grantees; written `select` it replaces them. */
function mergeGrants(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) result[key.replace(/^\+/, '')] = value;
  for (const [key, value] of Object.entries(override)) {
    const privilege = key.replace(/^\+/, '');
    result[privilege] = key.startsWith('+') ? [...new Set([...asList(result[privilege]), ...asList(value)])] : value;
  }
  return result;
}

/** The configs written at one level of a config tree; `pathKey` is the next fqn part (a folder, not a config). */
function levelConfig(level: Record<string, unknown>, pathKey: string | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(level)) {
    if (key.startsWith('+')) result[key] = value;
    else if (key === pathKey) continue;
    else if (!isPlainMap(value) || DICT_CONFIGS.has(normalizeKey(key))) result[key] = value;
  }
  return result;
}

/** Merges the levels of one config tree along `fqn`, outermost first. */
export function treeConfig(tree: Record<string, unknown> | undefined, fqn: string[]): FolderConfig {
  let result: FolderConfig = {};
  if (!tree) return result;
  let level: Record<string, unknown> = tree;
  for (let depth = 0; ; depth++) {
    result = mergeConfigs(result, levelConfig(level, fqn[depth]));
    const next = depth < fqn.length ? level[fqn[depth]!] : undefined;
    if (!isPlainMap(next)) return result;
    level = next;
  }
}

function trees(config: ProjectConfig, resourceKey: ResourceConfigKey): (Record<string, unknown> | undefined)[] {
  if (resourceKey === 'tests' || resourceKey === 'data_tests') return [config.resourceConfigs.tests, config.resourceConfigs.data_tests];
  return [config.resourceConfigs[resourceKey]];
}

/**
 * Config from dbt_project.yml folder blocks for the node `fqn` (`[package, ...folders, name]`)
 * of `pkg`: the package's own blocks first, then the root project's (root wins).
 */
export function folderConfig(project: Project, pkg: LoadedPackage, resourceKey: ResourceConfigKey, fqn: string[]): FolderConfig {
  const configs = pkg.isRoot || pkg.name === project.rootPackage.name ? [project.rootPackage.config] : [pkg.config, project.rootPackage.config];
  let result: FolderConfig = {};
  for (const config of configs) {
    for (const tree of trees(config, resourceKey)) result = mergeConfigs(result, treeConfig(tree, fqn));
  }
  return result;
}
