/**
 * Node config layering: defaults for the resource type → dbt_project.yml folder config →
 * YAML `config:` (plus top-level tags/meta/docs) → in-file `config(...)`, merged with dbt's rules.
 */
import { mergeConfigs } from '../project/index.js';
import type { HookConfig, NodeConfig } from '../graph/types.js';

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

/** A hook as dbt's manifest writes it: `{sql, transaction, index}` (written as text or as a mapping). */
function hookText(hook: unknown): HookConfig {
  if (hook && typeof hook === 'object' && typeof (hook as { sql?: unknown }).sql === 'string') {
    const written = hook as { sql: string; transaction?: unknown; index?: unknown };
    return { sql: written.sql, transaction: written.transaction !== false, index: typeof written.index === 'number' ? written.index : null };
  }
  return { sql: String(hook), transaction: true, index: null };
}

/** The keys dbt-core 1.11 gives every model, seed and snapshot config, in its order. */
const COMMON = (materialized: string): ConfigLayer => ({
  enabled: true,
  alias: null,
  schema: null,
  database: null,
  tags: [],
  meta: {},
  group: null,
  static_analysis: null,
  materialized,
  incremental_strategy: null,
  batch_size: null,
  lookback: 1,
  begin: null,
  persist_docs: {},
  'post-hook': [],
  'pre-hook': [],
  quoting: {},
  column_types: {},
  full_refresh: null,
  unique_key: null,
  on_schema_change: 'ignore',
  on_configuration_change: 'apply',
  grants: {},
  packages: [],
  docs: { show: true, node_color: null },
  contract: { enforced: false, alias_types: true },
  event_time: null,
  concurrent_batches: null,
});

/** A node's config before any user layer: dbt-core 1.11's defaults for the resource type, keys in its order. */
export function defaultConfig(kind: NodeKind): ConfigLayer {
  switch (kind) {
    case 'model':
    case 'analysis':
      return { ...COMMON('view'), access: 'protected', freshness: null };
    case 'seed':
      return { ...COMMON('seed'), delimiter: ',', quote_columns: null };
    case 'snapshot':
      return {
        ...COMMON('snapshot'),
        strategy: null,
        target_schema: null,
        target_database: null,
        updated_at: null,
        check_cols: null,
        snapshot_meta_column_names: { dbt_valid_to: null, dbt_valid_from: null, dbt_scd_id: null, dbt_updated_at: null, dbt_is_deleted: null },
        dbt_valid_to_current: null,
      };
    case 'test':
      // tests have a config of their own: no hooks, contract or docs; failures are stored in `<schema>_dbt_test__audit`
      return {
        enabled: true,
        alias: null,
        schema: 'dbt_test__audit',
        database: null,
        tags: [],
        meta: {},
        group: null,
        static_analysis: null,
        materialized: 'test',
        severity: 'ERROR',
        store_failures: null,
        store_failures_as: null,
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

/** The merged layers spell hooks `pre_hook`; dbt's config spells them `pre-hook`. */
const HOOK_KEYS: Record<string, string> = { pre_hook: 'pre-hook', post_hook: 'post-hook' };

/** Defaults under the user's layers: dict configs merge key by key, list configs start empty. */
export function withDefaults(kind: NodeKind, merged: ConfigLayer): ConfigLayer {
  const { values: defaults, objectKeys } = kindDefaults(kind);
  // the defaults' keys first, in their order (a copy keeps it), then keys only the user set
  const out: ConfigLayer = { ...defaults };
  for (const key of objectKeys) if (!(key in merged)) out[key] = fresh(defaults[key]);
  for (const key in merged) out[HOOK_KEYS[key] ?? key] = merged[key];
  for (const key of ['docs', 'contract', 'meta', 'snapshot_meta_column_names']) {
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
  if (kind === 'test') {
    // dbt-core: store_failures_as follows store_failures unless set, and then dictates it
    if (config.store_failures_as === null || config.store_failures_as === undefined) {
      config.store_failures_as = config.store_failures === true ? 'table' : config.store_failures === false ? 'ephemeral' : null;
    } else {
      config.store_failures = config.store_failures_as !== 'ephemeral';
    }
  }
  if (kind === 'snapshot') {
    if (typeof config.check_cols === 'string' && config.check_cols !== 'all') config.check_cols = [config.check_cols];
  }
  if (kind === 'model' && config.materialized === 'incremental' && config.incremental_strategy === 'microbatch' && typeof config.begin === 'string') {
    // dbt reads a microbatch model's begin as a datetime and writes it back in ISO form
    config.begin = isoDatetime(config.begin) ?? config.begin;
  }
  if (kind !== 'test') {
    const contract = (config.contract ?? {}) as { enforced?: boolean; alias_types?: boolean };
    config.contract = { enforced: contract.enforced === true, alias_types: contract.alias_types !== false };
  }
  return config;
}

/** Python's `datetime.fromisoformat(text).isoformat()` (`2025-01-01` → `2025-01-01T00:00:00`), or null when not ISO. */
function isoDatetime(text: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!match) return null;
  const [, date, hour = '00', minute = '00', second = '00', fraction, zone] = match;
  const micros = fraction ? Number(fraction.padEnd(6, '0')) : 0;
  const offset = zone === undefined ? '' : zone === 'Z' ? '+00:00' : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '').padEnd(2, '0')}`;
  return `${date}T${hour}:${minute}:${second}${micros ? `.${String(micros).padStart(6, '0')}` : ''}${offset}`;
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
