/**
 * What state comparison compares, read from a node: the dailies checksums when the manifest has
 * them, else derived from the dbt fields, so that a manifest written by dbt-core can be the base.
 */
import { createHash } from 'node:crypto';
import type { ExposureNode, Manifest, ManifestNode, SourceDefinitionNode } from './types.js';
import { quotingOf } from './node-relation.js';

export interface NodeFingerprint {
  /** Hash of the template as written. */
  raw: string;
  /** The template with whitespace and comments folded away (computed when asked: only when `raw` differs). */
  rawNormalized: () => string;
  /** The config as JSON; equal text means equal config, unequal text may still be a different key order. */
  config: string;
  /** The config as JSON with keys sorted at every level (computed when asked: only when `config` differs). */
  configSorted: () => string;
  /** Stands for every macro the node calls, transitively, with its checksum (see `macroChecksums`). */
  macros: string;
  contract: string | null;
  contents: string | null;
  /** Descriptions persisted to the warehouse (only when persist_docs asks for them). */
  persistedDocs: string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

/** SQL/Jinja text with comments removed and whitespace runs folded. */
export function normalizeTemplate(text: string): string {
  return text
    .replace(/\{#[\s\S]*?#\}/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * `useChecksums`: read the dailies checksums (pass false unless both manifests compared have them:
 * derived values and dailies hashes do not compare).
 */
export function nodeFingerprint(node: ManifestNode, manifest: Manifest, useChecksums: boolean): NodeFingerprint {
  const given = useChecksums ? node.dailies?.checksums : undefined;
  const persist = node.config?.persist_docs ?? {};
  const persistedDocs =
    persist.relation || persist.columns
      ? stableStringify({
          relation: persist.relation ? node.description : null,
          columns: persist.columns ? Object.values(node.columns ?? {}).map((c) => [c.name, c.description]) : null,
        })
      : '';
  const isSeed = node.resource_type === 'seed';
  // manifests before dbt 1.3 call it raw_sql
  const rawCode = node.raw_code ?? (node as { raw_sql?: string }).raw_sql ?? '';
  const rawNormalized = (): string => (isSeed ? '' : normalizeTemplate(rawCode));
  if (given) {
    // a dailies manifest: the config as the compiler wrote it (keys in one order, sorted if that differs)
    const config = node.config ?? {};
    return {
      raw: isSeed ? '' : node.checksum?.checksum ?? '',
      rawNormalized,
      config: JSON.stringify(config),
      configSorted: () => stableStringify(comparableConfig(config, node.resource_type, false)),
      macros: given.macros,
      contract: node.contract?.checksum ?? null,
      // a seed over 1 MiB: its checksum is its path (as dbt writes it), its hash is dailies'
      contents: isSeed ? given.contents ?? node.checksum?.checksum ?? null : null,
      persistedDocs,
    };
  }
  const config = stableStringify(comparableConfig(node.config ?? {}, node.resource_type, true));
  return {
    raw: isSeed ? '' : node.checksum?.checksum ?? sha256(rawCode),
    rawNormalized,
    config,
    configSorted: () => config,
    macros: stableStringify(transitiveMacroChecksums(node.depends_on?.macros ?? [], manifest)),
    contract: node.contract?.enforced ? node.contract.checksum ?? stableStringify(contractColumns(node)) : null,
    contents: isSeed ? node.checksum?.checksum ?? null : null,
    persistedDocs,
  };
}

/**
 * Every macro the node calls, transitively: unique_id → checksum. With `useChecksums` (as for
 * `nodeFingerprint`) these are the node's `depends_on.macros` and the macros' dailies checksums;
 * else they are derived from `macro_sql` (manifests written by dbt-core).
 */
export function macroChecksums(node: ManifestNode, manifest: Manifest, useChecksums: boolean): Record<string, string> {
  if (!useChecksums) return transitiveMacroChecksums(node.depends_on?.macros ?? [], manifest);
  // depends_on.macros lists the direct calls (as dbt does): the macros' own depends_on (and the
  // calls a render made beyond them, `dailies.calls`) lead to the rest
  const out: Record<string, string> = {};
  const pending = [...(node.depends_on?.macros ?? []), ...(node.dailies?.materialization ? [node.dailies.materialization] : [])];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const macro = manifest.macros?.[id];
    const checksum = macro?.dailies?.checksum;
    if (checksum !== undefined) out[id] = checksum;
    if (macro) pending.push(...(macro.depends_on?.macros ?? []), ...(macro.dailies?.calls ?? []));
  }
  return out;
}

/**
 * Everything about a source that matters downstream or in the warehouse (descriptions included;
 * the database only when the source names one). With `dbtShape` (one side written by dbt-core) what dbt's `same_contents` compares: the
 * database and schema as written, identifier, quoting, freshness, external and config.
 */
export function sourceFingerprint(source: SourceDefinitionNode, dbtShape = false): string {
  if (dbtShape) {
    const written = source as SourceDefinitionNode & { quoting?: unknown; external?: unknown };
    const { freshness: _f, loaded_at_field: _l, loaded_at_query: _q, ...config } = source.config ?? {};
    return stableStringify({
      database: source.unrendered_database !== undefined ? source.unrendered_database : source.database,
      schema: source.unrendered_schema !== undefined ? source.unrendered_schema : source.schema,
      identifier: source.identifier,
      quoting: prune(written.quoting, false) ?? null,
      freshness: prune(source.freshness, false) ?? null,
      loaded_at_field: source.loaded_at_field ?? null,
      external: prune(written.external, false) ?? null,
      config: comparableConfig(config, 'source', true),
    });
  }
  const written = source as SourceDefinitionNode & { quoting?: unknown };
  // config's freshness, loaded_at_field and meta are the fields below (older manifests leave them out of config)
  const { freshness: _f, loaded_at_field: _l, loaded_at_query: query, meta: _m, ...config } = source.config ?? {};
  return stableStringify({
    // a source that names no database is in the target's (on DuckDB named after the target's file):
    // comparing manifests of two targets (production's file and a PR's or a developer's) is no change
    database: source.unrendered_database === null || source.unrendered_database === undefined ? null : source.database,
    schema: source.schema,
    identifier: source.identifier,
    // the parts quoted (older manifests hold these alone in `quoting`)
    quoting: quotingOf({ quoting: source.dailies?.quoting ?? written.quoting }) ?? null,
    loader: source.loader,
    loaded_at_field: source.loaded_at_field,
    freshness: source.freshness ?? null,
    description: source.description,
    source_description: source.source_description,
    columns: Object.values(source.columns ?? {}).map((c) => [c.name, c.description, c.data_type]),
    meta: source.meta,
    tags: source.tags,
    loaded_at_query: source.loaded_at_query ?? query ?? null,
    config: comparableConfig(config, 'source', true),
  });
}

export function exposureFingerprint(exposure: ExposureNode): string {
  return stableStringify({
    type: exposure.type,
    label: exposure.label ?? null,
    description: exposure.description,
    url: exposure.url ?? null,
    maturity: exposure.maturity ?? null,
    // dbt writes every owner key (`email: null`); dailies writes those given
    owner: prune(exposure.owner, false) ?? null,
    depends_on: [...(exposure.depends_on?.nodes ?? [])].sort(),
    meta: exposure.meta,
    tags: exposure.tags,
  });
}

function contractColumns(node: ManifestNode): Record<string, string | null> {
  return Object.fromEntries(Object.values(node.columns ?? {}).map((c) => [c.name, c.data_type]));
}

/**
 * Defaults that manifests spell differently or leave out (dbt-core 1.11, older dailies): a key set
 * to its default is the same as the key left out.
 */
const DEFAULTS: Record<string, unknown> = {
  enabled: true,
  lookback: 1,
  on_configuration_change: 'apply',
  on_schema_change: 'ignore',
  access: 'protected',
  delimiter: ',',
  fail_calc: 'count(*)',
  warn_if: '!= 0',
  error_if: '!= 0',
  severity: 'ERROR',
  hard_deletes: 'ignore',
  invalidate_hard_deletes: false,
  docs: { show: true },
  contract: { alias_types: true },
};
const TEST_DEFAULTS: Record<string, unknown> = { schema: 'dbt_test__audit' };
const HOOK_KEYS: Record<string, string> = { pre_hook: 'pre-hook', post_hook: 'post-hook' };
/** Not part of dbt's config comparison (`CompareBehavior.Exclude`): retagging a node does not modify it. */
const NOT_COMPARED = new Set(['tags', 'group']);

/**
 * The config as state comparison sees it: hooks spelled `pre-hook`/`post-hook` and shaped
 * `{sql, transaction, index}`, severity in capitals, empty values (null, [], {}, and with
 * `dropFalse` false) pruned at every depth, keys holding their default left out, and tags and
 * group left out as dbt does.
 */
export function comparableConfig(config: Record<string, unknown>, resourceType: string, dropFalse: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, rawValue] of Object.entries(config)) {
    const key = HOOK_KEYS[rawKey] ?? rawKey;
    if (NOT_COMPARED.has(key)) continue;
    let value = prune(key === 'pre-hook' || key === 'post-hook' ? hookObjects(rawValue) : rawValue, dropFalse);
    if (value === undefined) continue;
    if (key === 'severity' && typeof value === 'string') value = value.toUpperCase();
    const fallback = resourceType === 'test' && key in TEST_DEFAULTS ? TEST_DEFAULTS[key] : DEFAULTS[key];
    if (fallback !== undefined && stableStringify(prune(fallback, dropFalse)) === stableStringify(value)) continue;
    out[key] = value;
  }
  return out;
}

/** Hooks as dbt writes them (older manifests hold the SQL text alone). */
function hookObjects(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((hook: unknown) => (typeof hook === 'string' ? { sql: hook, transaction: true, index: null } : hook));
}

/** `value` without empty parts; undefined when nothing is left. */
function prune(value: unknown, dropFalse: boolean): unknown {
  if (value === null || value === undefined || (dropFalse && value === false)) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value;
  if (typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => [k, prune(v, dropFalse)] as const)
    .filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/**
 * The engine's own macros (`dbt`, `dbt_<adapter>`): dbt-core's and dailies' implementations differ
 * in text (dailies writes its own), so comparing a manifest another engine wrote with ours counts
 * them by name only, never by text; the project's and its packages' macros are compared by text.
 */
function isEngineMacro(id: string, manifest: Manifest): boolean {
  const pkg = id.split('.')[1];
  const adapter = (manifest.metadata as { adapter_type?: string } | undefined)?.adapter_type;
  return pkg === 'dbt' || (adapter !== undefined && pkg === `dbt_${adapter}`);
}

/**
 * The macros reached from `direct` through the macros' depends_on, by text; the engine's own are
 * followed (a root `default__test_not_null` is reached through dbt's `test_not_null`) but count by
 * name only, and so are left out.
 */
function transitiveMacroChecksums(direct: string[], manifest: Manifest): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  const pending = [...direct];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const macro = manifest.macros?.[id];
    if (!isEngineMacro(id, manifest)) out[id] = macro ? sha256(macro.macro_sql ?? '') : '';
    if (macro) pending.push(...(macro.depends_on?.macros ?? []), ...(macro.dailies?.calls ?? []));
  }
  return out;
}
