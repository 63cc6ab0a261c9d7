/**
 * Node config layering: defaults for the resource type → dbt_project.yml folder config →
 * YAML `config:` (plus top-level tags/meta/docs) → in-file `config(...)`, merged with dbt's rules.
 */
import { mergeConfigs } from '../project/index.js';
import type { NodeConfig } from '../graph/types.js';

export type ConfigLayer = Record<string, unknown>;
export type NodeKind = 'model' | 'seed' | 'snapshot' | 'test' | 'analysis';

const HYPHENATED: Record<string, string> = { 'pre-hook': 'pre_hook', 'post-hook': 'post_hook' };

/** Strips `+` prefixes and spells hook keys the dbt manifest way (`pre_hook`, `post_hook`). */
export function normalizeLayer(layer: ConfigLayer | undefined | null): ConfigLayer {
  const out: ConfigLayer = {};
  if (!layer) return out;
  for (const [rawKey, value] of Object.entries(layer)) {
    let key = rawKey.startsWith('+') ? rawKey.slice(1) : rawKey;
    key = HYPHENATED[key] ?? key;
    if ((key === 'pre_hook' || key === 'post_hook') && value !== undefined && value !== null) {
      out[key] = (Array.isArray(value) ? value : [value]).map(hookText);
    } else if (key === 'tags' && typeof value === 'string') {
      out[key] = [value];
    } else {
      out[key] = value;
    }
  }
  return out;
}

function hookText(hook: unknown): string {
  if (typeof hook === 'string') return hook;
  if (hook && typeof hook === 'object' && typeof (hook as { sql?: unknown }).sql === 'string') return (hook as { sql: string }).sql;
  return String(hook);
}

const COMMON = (): ConfigLayer => ({
  enabled: true,
  schema: null,
  database: null,
  alias: null,
  tags: [],
  meta: {},
  pre_hook: [],
  post_hook: [],
  contract: { enforced: false, alias_types: true },
  persist_docs: {},
  column_types: {},
  quoting: {},
  docs: { show: true, node_color: null },
  grants: {},
  packages: [],
});

export function defaultConfig(kind: NodeKind): ConfigLayer {
  switch (kind) {
    case 'model':
    case 'analysis':
      return {
        ...COMMON(),
        materialized: 'view',
        incremental_strategy: null,
        on_schema_change: 'ignore',
        unique_key: null,
        full_refresh: null,
        access: 'protected',
      };
    case 'seed':
      return { ...COMMON(), materialized: 'seed', quote_columns: null, delimiter: ',', full_refresh: null };
    case 'snapshot':
      return {
        ...COMMON(),
        materialized: 'snapshot',
        strategy: null,
        unique_key: null,
        updated_at: null,
        check_cols: null,
        target_schema: null,
        target_database: null,
        invalidate_hard_deletes: false,
        hard_deletes: null,
      };
    case 'test':
      return {
        ...COMMON(),
        materialized: 'test',
        severity: 'ERROR',
        store_failures: null,
        where: null,
        limit: null,
        fail_calc: 'count(*)',
        warn_if: '!= 0',
        error_if: '!= 0',
      };
  }
}

/** Merges layers left to right with dbt's rules (tags/hooks append, meta merges, the rest replaces). */
export function mergeLayers(...layers: (ConfigLayer | undefined | null)[]): ConfigLayer {
  let merged: ConfigLayer = {};
  for (const layer of layers) {
    if (!layer || !hasOwnKeys(layer)) continue;
    merged = mergeConfigs(merged, normalizeLayer(layer)) as ConfigLayer;
  }
  return merged;
}

interface KindDefaults {
  values: ConfigLayer;
  /** Keys whose default is a list or a mapping: each node gets its own copy. */
  objectKeys: string[];
}

function hasOwnKeys(layer: ConfigLayer): boolean {
  for (const key in layer) if (Object.prototype.hasOwnProperty.call(layer, key)) return true;
  return false;
}

const DEFAULTS = new Map<NodeKind, KindDefaults>();

function kindDefaults(kind: NodeKind): KindDefaults {
  let defaults = DEFAULTS.get(kind);
  if (!defaults) {
    const values = defaultConfig(kind);
    defaults = { values, objectKeys: Object.keys(values).filter((key) => values[key] !== null && typeof values[key] === 'object') };
    DEFAULTS.set(kind, defaults);
  }
  return defaults;
}

/** A copy of a default value, so that no two nodes share a list or a mapping. */
function fresh(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  if (value && typeof value === 'object') return { ...value };
  return value;
}

/** Defaults under the user's layers: dict configs merge key by key, list configs start empty. */
export function withDefaults(kind: NodeKind, merged: ConfigLayer): ConfigLayer {
  const { values: defaults, objectKeys } = kindDefaults(kind);
  // the defaults' keys first, in their order (a copy keeps it), then keys only the user set
  const out: ConfigLayer = { ...defaults };
  for (const key of objectKeys) if (!(key in merged)) out[key] = fresh(defaults[key]);
  for (const key in merged) out[key] = merged[key];
  for (const key of ['docs', 'contract', 'meta']) {
    const value = merged[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) out[key] = { ...(defaults[key] as object), ...value };
  }
  return out;
}

/** The final, typed config of a node: defaults, then the merged user layers. */
export function finalizeConfig(kind: NodeKind, merged: ConfigLayer): NodeConfig {
  const config = withDefaults(kind, merged) as NodeConfig;
  config.tags = uniqueStrings(config.tags);
  config.enabled = config.enabled !== false;
  if (kind === 'test' && typeof config.severity === 'string') config.severity = config.severity.toUpperCase();
  if (kind === 'snapshot') {
    if (config.invalidate_hard_deletes === true && !config.hard_deletes) config.hard_deletes = 'invalidate';
    if (!config.hard_deletes) config.hard_deletes = 'ignore';
    if (typeof config.check_cols === 'string' && config.check_cols !== 'all') config.check_cols = [config.check_cols];
  }
  const contract = (config.contract ?? {}) as { enforced?: boolean; alias_types?: boolean };
  config.contract = { enforced: contract.enforced === true, alias_types: contract.alias_types !== false };
  return config;
}

function uniqueStrings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return [...new Set(list.map(String))];
}

/** JSON with object keys sorted at every depth (stable config checksums); same text as JSON.stringify of a key-sorted copy. */
export function sortedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : sortedJson(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined || typeof item === 'function') continue;
    parts.push(`${JSON.stringify(key)}:${sortedJson(item)}`);
  }
  return `{${parts.join(',')}}`;
}
