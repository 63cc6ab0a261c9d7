/** The home page: the project's overview docs block, counts, last run, and where to go next. */
import { displayName, nodeHref, type Site } from '../data.js';
import { formatNumber, formatTime, h } from '../dom.js';
import { markdown } from '../markdown.js';
import { section, statusBadge } from './parts.js';

const ORDER = ['model', 'seed', 'snapshot', 'source', 'exposure', 'semantic_model', 'metric', 'saved_query', 'test', 'analysis', 'macro'];
const KIND_NAMES: Record<string, [string, string]> = { semantic_model: ['semantic model', 'semantic models'], saved_query: ['saved query', 'saved queries'] };

export function overviewPage(site: Site): HTMLElement {
  const { project } = site.data;
  const results = Object.entries(site.data.results);
  const byStatus = new Map<string, number>();
  for (const [, result] of results) byStatus.set(result.status, (byStatus.get(result.status) ?? 0) + 1);
  const failing = results.filter(([, result]) => ['fail', 'error', 'warn'].includes(result.status)).map(([id]) => id);
  const marts = Object.values(site.data.manifest.nodes).filter((node) => node.resource_type === 'model' && (site.children.get(node.unique_id) ?? []).some((child) => site.members.get(child)?.resource_type === 'exposure'));
  return h(
    'article',
    { class: 'page' },
    h('h1', {}, project.name),
    project.overview ? markdown(project.overview) : h('p', {}, `Documentation of the ${project.name} project: every model, source, seed, snapshot, test and macro, its columns and lineage.`),
    h('ul', { class: 'counts' }, ORDER.filter((kind) => project.counts[kind]).map((kind) => h('li', {}, h('strong', {}, formatNumber(project.counts[kind])), ` ${(KIND_NAMES[kind] ?? [kind, `${kind}s`])[project.counts[kind] === 1 ? 0 : 1]}`))),
    section(
      'Last run',
      results.length === 0
        ? h('p', { class: 'muted' }, 'No run results were found when the site was generated.')
        : h(
            'div',
            {},
            h('p', {}, `Finished ${formatTime(project.resultsAt)}: `, [...byStatus].map(([status, count], i) => [i > 0 ? ', ' : '', `${count} ${status}`])),
            failing.length > 0 ? h('ul', { class: 'links' }, failing.map((id) => h('li', {}, statusBadge(site.data.results[id]), ' ', h('a', { href: nodeHref(id) }, site.members.has(id) ? displayName(site.members.get(id)!) : id)))) : null,
          ),
    ),
    marts.length > 0 ? section('Models behind exposures', h('ul', { class: 'links' }, marts.map((node) => h('li', {}, h('a', { href: nodeHref(node.unique_id) }, node.name))))) : null,
    section('Dashboards', site.data.dashboards.length === 0 ? h('p', { class: 'muted' }, 'None defined.') : h('ul', { class: 'links' }, site.data.dashboards.map((dashboard) => h('li', {}, h('a', { href: `#/dashboards/${dashboard.name}` }, dashboard.title))))),
    h('p', { class: 'muted' }, `Generated ${formatTime(project.generatedAt)} for target ${project.targetName} (${project.adapterType}).${project.hasState ? ' state: selectors compare with the previous deploy.' : ''}`),
  );
}
