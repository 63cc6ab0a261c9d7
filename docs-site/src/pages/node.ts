/** The page of one model, seed, snapshot, source, exposure, test, analysis or macro. */
import type { SiteExposure, SiteMacro, SiteNode, SiteSemantic, SiteSource } from '../../../src/docs/site-types.js';
import { displayName, nodeHref, type Member, type Site } from '../data.js';
import { formatBytes, formatNumber, h } from '../dom.js';
import { markdown } from '../markdown.js';
import { codeBlock, codeTabs, linkList, memberLink, section, statusBadge } from './parts.js';

export function nodePage(site: Site, id: string, focusColumn: string | null): HTMLElement {
  const macro = site.data.manifest.macros[id];
  if (macro) return macroPage(site, macro);
  const member = site.members.get(id);
  if (!member) return h('div', {}, h('h1', {}, 'Not found'), h('p', {}, `Nothing in this project has the id ${id}.`));
  const page = h('article', { class: 'page' }, header(site, member));
  if (member.resource_type === 'test') {
    page.append(testBody(site, member as SiteNode));
    return page;
  }
  page.append(section('Description', markdown(member.description || '_No description._')));
  if (member.resource_type === 'exposure') page.append(exposureDetails(site, member));
  if (isSemantic(member)) page.append(...semanticDetails(member));
  if ('columns' in member) page.append(columnsSection(site, member, focusColumn));
  const tests = (site.testsOf.get(id) ?? []).filter((test) => !test.column_name);
  if (tests.length > 0) page.append(section('Tests of the model', testList(site, tests)));
  page.append(
    section(
      'Lineage',
      h('div', { class: 'two' }, h('div', {}, h('h3', {}, 'Depends on'), linkList(site, upstreamOf(site, id), 'Nothing upstream.')), h('div', {}, h('h3', {}, 'Referenced by'), linkList(site, downstreamOf(site, id), 'Nothing downstream.'))),
      h('p', {}, h('a', { href: `#/lineage?select=${encodeURIComponent(`+${selectorName(member)}+`)}` }, 'Show in the lineage graph')),
    ),
  );
  if (member.resource_type !== 'source' && member.resource_type !== 'exposure' && !isSemantic(member)) {
    const node = member as SiteNode;
    page.append(section('Code', codeTabs([{ label: 'Compiled', code: node.compiled_code ?? '' }, { label: 'Source', code: node.raw_code }])));
  }
  if ('config' in member && Object.keys(member.config).length > 0) page.append(section('Config', codeBlock(JSON.stringify(member.config, null, 2), 'Config')));
  return page;
}

function header(site: Site, member: Member): HTMLElement {
  const facts: [string, Node | string][] = [];
  const catalog = site.data.catalog[member.unique_id];
  if (member.resource_type === 'source' || member.resource_type === 'model' || member.resource_type === 'seed' || member.resource_type === 'snapshot') {
    const relation = (member as SiteNode | SiteSource).relation_name;
    if (relation) facts.push(['Relation', h('code', {}, relation)]);
  }
  if ('config' in member && typeof member.config.materialized === 'string' && member.resource_type !== 'test') facts.push(['Materialized', String(member.config.materialized)]);
  if (catalog) {
    facts.push(['Warehouse type', catalog.type]);
    facts.push(['Rows', formatNumber(catalog.rowCount)]);
    facts.push(['Storage', catalog.bytes === null ? '—' : `${formatBytes(catalog.bytes)} (blocks)`]);
  }
  const result = site.data.results[member.unique_id];
  if (result || ['model', 'seed', 'snapshot', 'test'].includes(member.resource_type)) facts.push(['Last run', statusBadge(result)]);
  if (member.resource_type === 'exposure' && (member.owner.name || member.owner.email)) facts.push(['Owner', [member.owner.name, member.owner.email].filter(Boolean).join(' · ')]);
  const owner = member.meta?.owner;
  if (typeof owner === 'string') facts.push(['Owner', owner]);
  if (member.tags.length > 0) facts.push(['Tags', h('span', {}, member.tags.map((tag) => h('a', { class: 'tag', href: `#/lineage?select=${encodeURIComponent(`tag:${tag}`)}` }, tag)))]);
  facts.push(['File', h('code', {}, member.original_file_path)]);
  facts.push(['Package', member.package_name]);
  const change = site.data.stateChanges?.[member.unique_id];
  if (change && change.status !== 'unchanged') facts.push(['Since last deploy', `${change.status}${change.reasons.length > 0 ? ` (${change.reasons.join(', ')})` : ''}`]);
  return h(
    'header',
    { class: 'page-head' },
    h('p', { class: 'eyebrow' }, h('span', { class: `kind kind-${member.resource_type}` }, member.resource_type)),
    h('h1', {}, displayName(member)),
    h('dl', { class: 'facts' }, facts.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
  );
}

function columnsSection(site: Site, member: SiteNode | SiteSource, focusColumn: string | null): HTMLElement {
  const catalog = site.data.catalog[member.unique_id];
  const lineage = site.columnLineage[member.unique_id];
  const names = new Map<string, string>();
  for (const column of catalog?.columns ?? []) names.set(column.name.toLowerCase(), column.name);
  for (const column of lineage?.columns ?? []) if (!names.has(column.name.toLowerCase())) names.set(column.name.toLowerCase(), column.name);
  for (const column of Object.values(member.columns)) if (!names.has(column.name.toLowerCase())) names.set(column.name.toLowerCase(), column.name);
  if (names.size === 0) return section('Columns', h('p', { class: 'muted' }, 'No columns are documented, and the warehouse has no relation for it yet.'));
  const declared = new Map(Object.values(member.columns).map((column) => [column.name.toLowerCase(), column]));
  const types = new Map((catalog?.columns ?? []).map((column) => [column.name.toLowerCase(), column.type]));
  const derived = new Map((lineage?.columns ?? []).map((column) => [column.name.toLowerCase(), column]));
  const tests = site.testsOf.get(member.unique_id) ?? [];
  const rows = [...names].map(([key, name]) => {
    const doc = declared.get(key);
    const type = types.get(key) ?? doc?.data_type ?? null;
    const columnTests = tests.filter((test) => test.column_name?.toLowerCase() === key);
    const origin = derived.get(key);
    const uses = site.columnUses.get(`${member.unique_id}\u0000${key}`) ?? [];
    const row = h(
      'tr',
      { id: `column-${key}`, class: focusColumn?.toLowerCase() === key ? 'focused' : null },
      h('th', { scope: 'row' }, h('code', {}, name)),
      h('td', {}, type ? h('code', {}, type) : h('span', { class: 'muted' }, '—')),
      h('td', {}, doc?.description ? markdown(doc.description) : h('span', { class: 'muted' }, '—')),
      h('td', {}, columnTests.length > 0 ? testList(site, columnTests) : h('span', { class: 'muted' }, '—')),
      h(
        'td',
        { class: 'column-lineage' },
        origin && origin.from.length > 0 ? h('div', {}, h('span', { class: 'muted' }, origin.direct ? 'from ' : 'derived from '), joinLinks(origin.from.map((from) => memberLink(site, from.node, from.column)))) : null,
        uses.length > 0 ? h('div', {}, h('span', { class: 'muted' }, 'used by '), joinLinks(uses.map((use) => memberLink(site, use.node, use.column)))) : null,
      ),
    );
    return row;
  });
  const note = lineage?.error ? h('p', { class: 'muted' }, `Column lineage could not be derived: ${lineage.error}`) : null;
  return section(
    'Columns',
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'columns' },
        h('caption', { class: 'visually-hidden' }, `Columns of ${displayName(member)}`),
        h('thead', {}, h('tr', {}, ['Column', 'Type', 'Description', 'Tests', 'Column lineage'].map((title) => h('th', { scope: 'col' }, title)))),
        h('tbody', {}, rows),
      ),
    ),
    note,
  );
}

function joinLinks(links: HTMLElement[]): HTMLElement {
  const span = h('span', {});
  links.forEach((link, index) => {
    if (index > 0) span.append(', ');
    span.append(link);
  });
  return span;
}

function testList(site: Site, tests: SiteNode[]): HTMLElement {
  return h(
    'ul',
    { class: 'tests' },
    tests.map((test) => h('li', {}, h('a', { href: nodeHref(test.unique_id) }, test.test_metadata?.name ?? test.name), ' ', statusBadge(site.data.results[test.unique_id]))),
  );
}

function testBody(site: Site, test: SiteNode): HTMLElement {
  const result = site.data.results[test.unique_id];
  const on = test.attached_node ?? test.depends_on.nodes[0];
  const kwargs = Object.fromEntries(Object.entries(test.test_metadata?.kwargs ?? {}).filter(([key]) => key !== 'model' && key !== 'column_name'));
  return h(
    'div',
    {},
    section(
      'Result',
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Status'),
        h('dd', {}, statusBadge(result)),
        h('dt', {}, 'Failing rows'),
        h('dd', {}, formatNumber(result?.failures ?? null)),
        h('dt', {}, 'Message'),
        h('dd', {}, result?.message ?? '—'),
        h('dt', {}, 'Severity'),
        h('dd', {}, String(test.config.severity ?? 'ERROR')),
      ),
    ),
    section(
      'What it tests',
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Test'),
        h('dd', {}, test.test_metadata ? `${test.test_metadata.namespace ? `${test.test_metadata.namespace}.` : ''}${test.test_metadata.name} (generic)` : 'singular'),
        h('dt', {}, 'On'),
        h('dd', {}, on ? memberLink(site, on, test.column_name ?? undefined) : '—'),
        Object.keys(kwargs).length > 0 ? [h('dt', {}, 'Arguments'), h('dd', {}, h('code', {}, JSON.stringify(kwargs)))] : null,
      ),
      test.description ? markdown(test.description) : null,
    ),
    section('Code', codeTabs([{ label: 'Compiled', code: test.compiled_code ?? '' }, { label: 'Source', code: test.raw_code }])),
  );
}

function exposureDetails(site: Site, exposure: SiteExposure): HTMLElement {
  const dashboards = site.data.dashboards.filter((dashboard) => dashboard.exposure === exposure.unique_id);
  return section(
    'Exposure',
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Type'),
      h('dd', {}, exposure.type),
      exposure.maturity ? [h('dt', {}, 'Maturity'), h('dd', {}, exposure.maturity)] : null,
      exposure.url ? [h('dt', {}, 'URL'), h('dd', {}, h('a', { href: exposure.url, rel: 'noopener noreferrer' }, exposure.url))] : null,
    ),
    dashboards.length > 0 ? h('ul', { class: 'links' }, dashboards.map((dashboard) => h('li', {}, h('a', { href: `#/dashboards/${dashboard.name}` }, dashboard.title)))) : null,
  );
}

function macroPage(site: Site, macro: SiteMacro): HTMLElement {
  const usedBy = Object.values(site.data.manifest.nodes)
    .filter((node) => node.depends_on.macros.includes(macro.unique_id) && node.resource_type !== 'test')
    .map((node) => node.unique_id);
  return h(
    'article',
    { class: 'page' },
    h('header', { class: 'page-head' }, h('p', { class: 'eyebrow' }, h('span', { class: 'kind kind-macro' }, 'macro')), h('h1', {}, macro.name), h('dl', { class: 'facts' }, h('dt', {}, 'File'), h('dd', {}, h('code', {}, macro.original_file_path)), h('dt', {}, 'Package'), h('dd', {}, macro.package_name))),
    section('Description', markdown(macro.description || '_No description._')),
    macro.arguments.length > 0 ? section('Arguments', h('dl', { class: 'facts' }, macro.arguments.map((argument) => [h('dt', {}, argument.name), h('dd', {}, argument.description ?? '')]))) : null,
    section('Used by', linkList(site, usedBy, 'No model, seed or snapshot calls it directly.')),
    section('Macros it calls', linkList(site, macro.depends_on.macros, 'None.')),
    section('Code', codeBlock(macro.macro_sql, 'Macro source')),
  );
}

function upstreamOf(site: Site, id: string): string[] {
  return (site.parents.get(id) ?? []).filter((parent) => site.members.get(parent)?.resource_type !== 'test');
}

function downstreamOf(site: Site, id: string): string[] {
  return (site.children.get(id) ?? []).filter((child) => site.members.get(child)?.resource_type !== 'test');
}

function isSemantic(member: Member): member is SiteSemantic {
  return member.resource_type === 'semantic_model' || member.resource_type === 'metric' || member.resource_type === 'saved_query';
}

/** A semantic model's entities, dimensions and measures; a metric's definition; a saved query's query and exports. */
function semanticDetails(member: SiteSemantic): HTMLElement[] {
  return member.definition.map((part) => {
    const keyed = part.header.every((title) => title === '');
    const rows = part.rows.map((row) => h('tr', {}, row.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, keyed ? cell : h('code', {}, cell)) : h('td', {}, cell === '' ? h('span', { class: 'muted' }, '—') : i === 1 && keyed ? cell : h('code', {}, cell))))));
    return section(
      part.title,
      h(
        'div',
        { class: 'table-wrap' },
        h('table', { class: 'columns semantic' }, h('caption', { class: 'visually-hidden' }, `${part.title} of ${member.name}`), keyed ? null : h('thead', {}, h('tr', {}, part.header.map((title) => h('th', { scope: 'col' }, title)))), h('tbody', {}, rows)),
      ),
    );
  });
}

function selectorName(member: Member): string {
  if (member.resource_type === 'source') return `source:${(member as SiteSource).source_name}.${member.name}`;
  if (member.resource_type === 'exposure') return `exposure:${member.name}`;
  if (isSemantic(member)) return `${member.resource_type}:${member.name}`;
  return member.name;
}
