/** Restores what src/docs/site-compact.ts left out of data/site.json, so pages and selection see whole members. */
import type { ColumnLineageEntry, CompactColumnLineage, SiteData } from '../../src/docs/site-types.js';

const ABSENT_KEY = '__absent';

/** The data with whole members, and the column lineage expanded. */
export function hydrate(data: SiteData): { data: SiteData; columnLineage: Record<string, ColumnLineageEntry> } {
  const defaults = data.manifest.configDefaults ?? {};
  for (const group of [data.manifest.nodes, data.manifest.sources, data.manifest.exposures] as unknown as Record<string, Record<string, unknown>>[]) {
    for (const [id, member] of Object.entries(group)) {
      member.unique_id = id;
      member.description ??= '';
      member.tags ??= [];
      member.meta ??= {};
      if (member.resource_type !== 'exposure') member.columns ??= {};
      const own = (member.config ?? {}) as Record<string, unknown>;
      const absent = new Set((own[ABSENT_KEY] as string[] | undefined) ?? []);
      const config: Record<string, unknown> = {};
      // Members share the default values: the site only reads them.
      for (const [key, value] of Object.entries(defaults[String(member.resource_type)] ?? {})) if (!absent.has(key)) config[key] = value;
      for (const [key, value] of Object.entries(own)) if (key !== ABSENT_KEY) config[key] = value;
      member.config = config;
      if (member.resource_type !== 'source' && member.resource_type !== 'exposure') {
        const deps = (member.depends_on ?? {}) as { nodes?: string[]; macros?: string[] };
        member.depends_on = { nodes: deps.nodes ?? [], macros: deps.macros ?? [] };
      }
    }
  }
  const columnLineage: Record<string, ColumnLineageEntry> = {};
  for (const [id, entry] of Object.entries(data.columnLineage)) {
    if (!('parents' in entry)) {
      columnLineage[id] = entry;
      continue;
    }
    const compact = entry as CompactColumnLineage;
    const full: ColumnLineageEntry = {
      columns: compact.columns.map(([name, direct, from]) => ({ name, direct: direct === 1, from: from.map(([parent, column]) => ({ node: compact.parents[parent]!, column })) })),
    };
    if (compact.error) full.error = compact.error;
    columnLineage[id] = full;
  }
  return { data, columnLineage };
}
