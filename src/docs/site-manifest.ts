/**
 * The manifest as the docs site needs it: every page's content and what selection reads, with
 * dbt's field names, minus what only tools need (checksums, refs, parent/child maps, empty config).
 */
import type { ColumnInfo, Manifest } from '../graph/types.js';
import type { SiteColumn, SiteManifest, SiteNode } from './site-types.js';
import { siteSemantic } from './site-semantic.js';

export function siteManifest(manifest: Manifest): SiteManifest {
  const nodes: SiteManifest['nodes'] = {};
  for (const [id, node] of Object.entries(manifest.nodes)) {
    const entry: SiteNode = {
      unique_id: id,
      resource_type: node.resource_type as SiteNode['resource_type'],
      package_name: node.package_name,
      name: node.name,
      fqn: node.fqn,
      path: node.path,
      original_file_path: node.original_file_path,
      description: node.description ?? '',
      tags: node.tags ?? [],
      meta: node.meta ?? {},
      database: node.database,
      schema: node.schema,
      alias: node.alias,
      relation_name: node.relation_name,
      raw_code: node.raw_code,
      config: compact(node.config as unknown as Record<string, unknown>),
      columns: columnsOf(node.columns),
      depends_on: { nodes: node.depends_on.nodes, macros: node.depends_on.macros },
    };
    if (node.compiled_code !== undefined && node.compiled_code !== node.raw_code) entry.compiled_code = node.compiled_code;
    if (node.test_metadata) {
      entry.test_metadata = { name: node.test_metadata.name, namespace: node.test_metadata.namespace, kwargs: node.test_metadata.kwargs as Record<string, unknown> };
    }
    if (node.column_name) entry.column_name = node.column_name;
    if (node.attached_node) entry.attached_node = node.attached_node;
    nodes[id] = entry;
  }
  const sources: SiteManifest['sources'] = {};
  for (const [id, source] of Object.entries(manifest.sources)) {
    sources[id] = {
      unique_id: id,
      resource_type: 'source',
      package_name: source.package_name,
      name: source.name,
      fqn: source.fqn,
      path: source.path,
      original_file_path: source.original_file_path,
      description: source.description ?? '',
      tags: source.tags ?? [],
      meta: source.meta ?? {},
      source_name: source.source_name,
      source_description: source.source_description ?? '',
      database: source.database,
      schema: source.schema,
      identifier: source.identifier,
      relation_name: source.relation_name,
      loader: source.loader ?? '',
      columns: columnsOf(source.columns),
      config: compact(source.config ?? {}),
    };
  }
  const exposures: SiteManifest['exposures'] = {};
  for (const [id, exposure] of Object.entries(manifest.exposures)) {
    exposures[id] = {
      unique_id: id,
      resource_type: 'exposure',
      package_name: exposure.package_name,
      name: exposure.name,
      fqn: exposure.fqn,
      path: exposure.path,
      original_file_path: exposure.original_file_path,
      description: exposure.description ?? '',
      tags: exposure.tags ?? [],
      meta: withoutDashboardQueries(exposure.meta ?? {}),
      type: exposure.type,
      label: exposure.label ?? undefined,
      url: exposure.url ?? undefined,
      maturity: exposure.maturity ?? undefined,
      owner: { name: (exposure.owner?.name as string | undefined) ?? null, email: (exposure.owner?.email as string | undefined) ?? null },
      depends_on: { nodes: exposure.depends_on.nodes },
      config: {},
    };
  }
  const macros: SiteManifest['macros'] = {};
  for (const [id, macro] of Object.entries(manifest.macros)) {
    macros[id] = {
      unique_id: id,
      resource_type: 'macro',
      package_name: macro.package_name,
      name: macro.name,
      path: macro.path,
      original_file_path: macro.original_file_path,
      macro_sql: macro.macro_sql,
      description: macro.description ?? '',
      arguments: macro.arguments ?? [],
      depends_on: { macros: macro.depends_on?.macros ?? [] },
    };
  }
  return {
    metadata: { project_name: manifest.metadata.project_name, generated_at: manifest.metadata.generated_at, adapter_type: manifest.metadata.adapter_type },
    nodes,
    sources,
    exposures,
    ...siteSemantic(manifest),
    macros,
    selectors: (manifest as unknown as { selectors?: Record<string, unknown> }).selectors ?? {},
  };
}

function columnsOf(columns: Record<string, ColumnInfo> | undefined): Record<string, SiteColumn> {
  const out: Record<string, SiteColumn> = {};
  for (const [key, column] of Object.entries(columns ?? {})) {
    const entry: SiteColumn = { name: column.name, description: column.description ?? '', data_type: column.data_type ?? null };
    if (column.tags && column.tags.length > 0) entry.tags = column.tags;
    if (column.meta && Object.keys(column.meta).length > 0) entry.meta = column.meta;
    out[key] = entry;
  }
  return out;
}

/** Config without null, empty objects and empty lists (what a reader would call "not set"). */
export function compact(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (typeof value === 'object' && !Array.isArray(value)) {
      const inner = compact(value as Record<string, unknown>);
      if (Object.keys(inner).length === 0) continue;
      out[key] = inner;
      continue;
    }
    out[key] = value;
  }
  return out;
}

/** The exposure's meta as shown on its page: dashboards are pages of their own. */
function withoutDashboardQueries(meta: Record<string, unknown>): Record<string, unknown> {
  const { dashboards: _dashboards, ...rest } = meta;
  return rest;
}
