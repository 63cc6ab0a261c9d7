/** The site's data (data/site.json) and the indexes every page uses. */
import { hydrate } from './hydrate.js';
import type { ColumnLineageEntry, DashboardData, SiteData, SiteExposure, SiteMacro, SiteNode, SiteSemantic, SiteSource } from '../../src/docs/site-types.js';

export type Member = SiteNode | SiteSource | SiteExposure | SiteSemantic;
export type Page = Member | SiteMacro;

export interface Site {
  data: SiteData;
  /** Column-level lineage per model, expanded. */
  columnLineage: Record<string, ColumnLineageEntry>;
  members: Map<string, Member>;
  parents: Map<string, string[]>;
  children: Map<string, string[]>;
  /** Tests attached to a node, by node id. */
  testsOf: Map<string, SiteNode[]>;
  /** Which output columns of other models read a column: `<node>\0<column>` → [model, column]. */
  columnUses: Map<string, { node: string; column: string }[]>;
}

export async function loadSite(): Promise<Site> {
  const response = await fetch('data/site.json');
  if (!response.ok) throw new Error(`data/site.json: HTTP ${response.status}`);
  const json = (await response.json()) as SiteData;
  performance.mark('dailies:data-parsed');
  const { data, columnLineage } = hydrate(json);
  const members = new Map<string, Member>();
  for (const node of Object.values(data.manifest.nodes)) members.set(node.unique_id, node);
  for (const source of Object.values(data.manifest.sources)) members.set(source.unique_id, source);
  for (const exposure of Object.values(data.manifest.exposures)) members.set(exposure.unique_id, exposure);
  for (const group of [data.manifest.semantic_models, data.manifest.metrics, data.manifest.saved_queries]) for (const member of Object.values(group ?? {})) members.set(member.unique_id, member);
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  const testsOf = new Map<string, SiteNode[]>();
  for (const member of members.values()) {
    const ups = 'depends_on' in member ? member.depends_on.nodes.filter((id) => members.has(id)) : [];
    parents.set(member.unique_id, ups);
    for (const parent of ups) {
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent)!.push(member.unique_id);
    }
    if (member.resource_type === 'test') {
      const owners = member.attached_node ? [member.attached_node] : ups;
      for (const owner of owners) {
        if (!testsOf.has(owner)) testsOf.set(owner, []);
        testsOf.get(owner)!.push(member);
      }
    }
  }
  const columnUses = new Map<string, { node: string; column: string }[]>();
  for (const [model, entry] of Object.entries(columnLineage)) {
    for (const column of entry.columns) {
      for (const origin of column.from) {
        const key = `${origin.node}\u0000${origin.column.toLowerCase()}`;
        if (!columnUses.has(key)) columnUses.set(key, []);
        columnUses.get(key)!.push({ node: model, column: column.name });
      }
    }
  }
  performance.mark('dailies:data-ready');
  return { data, columnLineage, members, parents, children, testsOf, columnUses };
}

const dashboardCache = new Map<string, Promise<DashboardData>>();

export function loadDashboard(name: string): Promise<DashboardData> {
  let pending = dashboardCache.get(name);
  if (!pending) {
    pending = fetch(`data/dashboards/${encodeURIComponent(name)}.json`).then((response) => {
      if (!response.ok) throw new Error(`dashboard data ${name}: HTTP ${response.status}`);
      return response.json() as Promise<DashboardData>;
    });
    dashboardCache.set(name, pending);
  }
  return pending;
}

export function findPage(site: Site, id: string): Page | undefined {
  return site.members.get(id) ?? site.data.manifest.macros[id];
}

/** The name a person knows a member by: `source.table` for sources, the label for exposures. */
export function displayName(page: Page): string {
  if (page.resource_type === 'source') return `${page.source_name}.${page.name}`;
  if (page.resource_type === 'exposure') return page.label ?? page.name;
  if (page.resource_type === 'metric' || page.resource_type === 'semantic_model' || page.resource_type === 'saved_query') return page.label ?? page.name;
  return page.name;
}

export function nodeHref(id: string, column?: string): string {
  return `#/node/${encodeURIComponent(id)}${column ? `?column=${encodeURIComponent(column)}` : ''}`;
}
