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

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** True when `config` is already what normalizeConfigKeys would make of it (the common case: checked, not copied). */
function isNormalized(config: Record<string, unknown>): boolean {
  for (const key in config) {
    if (!hasOwn(config, key)) continue;
    if (key.charCodeAt(0) === 43 /* + */ || key === 'pre-hook' || key === 'post-hook' || key.trim() !== key) return false;
    if (LIST_APPENDED.has(key) && !Array.isArray(config[key])) return false;
  }
  return true;
}

/** Applies one already-normalized `key: value` over `result` with dbt's merge rules. */
function mergeKey(result: FolderConfig, key: string, value: unknown): void {
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

/**
 * Strips `+` prefixes, renames `pre-hook`/`post-hook` to `pre_hook`/`post_hook`, and turns a
 * single tag or hook into a one-item list. Keys given twice (`tags` and `+tags`) are merged.
 */
export function normalizeConfigKeys(config: Record<string, unknown>): FolderConfig {
  const result: FolderConfig = {};
  for (const [key, value] of Object.entries(config)) {
    const name = normalizeKey(key);
    const normalized = LIST_APPENDED.has(name) ? asList(value) : value;
    if (hasOwn(result, name)) mergeKey(result, name, normalized);
    else result[name] = normalized;
  }
  return result;
}

/** dbt's config merge: `override` wins, except tags (union), hooks (appended) and dict configs (merged). */
export function mergeConfigs(base: Record<string, unknown>, override: Record<string, unknown>): FolderConfig {
  const result: FolderConfig = isNormalized(base) ? { ...base } : normalizeConfigKeys(base);
  const right = isNormalized(override) ? override : normalizeConfigKeys(override);
  for (const key of Object.keys(right)) mergeKey(result, key, right[key]);
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

/**
 * What treeConfig(tree, fqn) depends on: the fqn parts the tree itself names, in order. Nodes of
 * one folder share it (unless the tree names the node itself), so their folder config is merged once.
 */
function treeSignature(tree: Record<string, unknown> | undefined, fqn: string[]): string {
  if (!tree) return '';
  let signature = '';
  let level: Record<string, unknown> = tree;
  for (let depth = 0; depth < fqn.length; depth++) {
    const part = fqn[depth]!;
    if (!hasOwn(level, part)) break;
    signature += `${part}\u0000`;
    const next = level[part];
    if (!isPlainMap(next)) break;
    level = next;
  }
  return signature;
}

function trees(config: ProjectConfig, resourceKey: ResourceConfigKey): (Record<string, unknown> | undefined)[] {
  if (resourceKey === 'tests' || resourceKey === 'data_tests') return [config.resourceConfigs.tests, config.resourceConfigs.data_tests];
  return [config.resourceConfigs[resourceKey]];
}

const folderConfigCache = new WeakMap<Project, Map<string, FolderConfig>>();

/**
 * Config from dbt_project.yml folder blocks for the node `fqn` (`[package, ...folders, name]`)
 * of `pkg`: the package's own blocks first, then the root project's (root wins). The result is
 * the caller's own copy; the merge itself is done once per folder.
 */
export function folderConfig(project: Project, pkg: LoadedPackage, resourceKey: ResourceConfigKey, fqn: string[]): FolderConfig {
  const configs = pkg.isRoot || pkg.name === project.rootPackage.name ? [project.rootPackage.config] : [pkg.config, project.rootPackage.config];
  let key = `${pkg.name}\u0001${resourceKey}`;
  for (const config of configs) for (const tree of trees(config, resourceKey)) key += `\u0001${treeSignature(tree, fqn)}`;
  let cache = folderConfigCache.get(project);
  if (!cache) folderConfigCache.set(project, (cache = new Map()));
  let merged = cache.get(key);
  if (!merged) {
    merged = {};
    for (const config of configs) {
      for (const tree of trees(config, resourceKey)) merged = mergeConfigs(merged, treeConfig(tree, fqn));
    }
    cache.set(key, merged);
  }
  return copyConfig(merged);
}

/** A copy whose lists and mappings are the caller's own too (one level deep, as merges build them). */
function copyConfig(config: FolderConfig): FolderConfig {
  const copy: FolderConfig = {};
  for (const key of Object.keys(config)) {
    const value = config[key];
    copy[key] = Array.isArray(value) ? [...value] : isPlainMap(value) ? { ...value } : value;
  }
  return copy;
}
