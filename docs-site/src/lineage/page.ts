/**
 * The lineage page: dbt's selector syntax in a box (the selection code of src/graph/, bundled),
 * the selected graph laid out left to right, zoom and pan, a focused node with its neighbours.
 */
import { selectNodesWithWarnings } from '../../../src/graph/selection.js';
import type { NodeChange } from '../../../src/graph/state.js';
import type { Manifest } from '../../../src/graph/types.js';
import { displayName, nodeHref, type Site } from '../data.js';
import { h, svg } from '../dom.js';
import { layoutGraph, NODE_HEIGHT, type Layout } from './layout.js';
import { enableZoom, type ZoomControl } from './zoom.js';

export interface LineageQuery {
  select: string;
  exclude: string;
  focus: string | null;
  tests: boolean;
}

export function lineageQuery(params: URLSearchParams): LineageQuery {
  return { select: params.get('select') ?? '', exclude: params.get('exclude') ?? '', focus: params.get('focus'), tests: params.get('tests') === '1' };
}

export function lineageHref(query: LineageQuery): string {
  const params = new URLSearchParams();
  if (query.select) params.set('select', query.select);
  if (query.exclude) params.set('exclude', query.exclude);
  if (query.focus) params.set('focus', query.focus);
  if (query.tests) params.set('tests', '1');
  const text = params.toString();
  return `#/lineage${text ? `?${text}` : ''}`;
}

let stateChanges: Map<string, NodeChange> | undefined;

/** Above this many nodes the page suggests a narrower selection. */
const LARGE_GRAPH = 2_500;

function select(site: Site, query: LineageQuery): { ids: string[]; warnings: string[] } {
  if (site.data.stateChanges && !stateChanges) stateChanges = new Map(Object.entries(site.data.stateChanges) as [string, NodeChange][]);
  const words = (text: string) => text.split(/\s+/).filter(Boolean);
  const manifest = site.data.manifest as unknown as Manifest;
  return selectNodesWithWarnings(manifest, { select: words(query.select), exclude: words(query.exclude), stateChanges });
}

export function lineagePage(site: Site, query: LineageQuery): HTMLElement {
  const selectInput = h('input', { id: 'lineage-select', name: 'select', type: 'text', value: query.select, placeholder: 'e.g. +dim_movies, tag:marts, state:modified+', spellcheck: 'false', autocomplete: 'off' });
  const excludeInput = h('input', { id: 'lineage-exclude', name: 'exclude', type: 'text', value: query.exclude, placeholder: 'e.g. resource_type:seed', spellcheck: 'false', autocomplete: 'off' });
  const testsBox = h('input', { id: 'lineage-tests', type: 'checkbox', checked: query.tests });
  const form = h(
    'form',
    { class: 'selector', role: 'search', 'aria-label': 'Select nodes' },
    h('label', { for: 'lineage-select' }, '--select'),
    selectInput,
    h('label', { for: 'lineage-exclude' }, '--exclude'),
    excludeInput,
    h('label', { class: 'check' }, testsBox, ' tests'),
    h('button', { type: 'submit' }, 'Update graph'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = lineageHref({ select: selectInput.value.trim(), exclude: excludeInput.value.trim(), focus: null, tests: testsBox.checked });
  });
  const status = h('p', { class: 'muted', role: 'status', id: 'lineage-status' });
  const page = h('div', { class: 'lineage-page' }, h('h1', {}, 'Lineage'), form, status);
  let ids: string[];
  try {
    const result = select(site, query);
    ids = result.ids.filter((id) => site.members.has(id) && (query.tests || site.members.get(id)!.resource_type !== 'test'));
    if (result.warnings.length > 0) status.textContent = result.warnings.join(' ');
  } catch (error) {
    const message = (error as Error).message;
    const hint = /state/.test(message) && !site.data.project.hasState ? ' This site was generated without the previous deploy’s manifest, so state: selectors have nothing to compare with.' : '';
    page.append(h('p', { class: 'error', role: 'alert' }, `${message}${hint}`));
    return page;
  }
  if (ids.length === 0) {
    page.append(h('p', { class: 'muted' }, 'The selection matched nothing.'));
    return page;
  }
  const idSet = new Set(ids);
  const edges: [string, string][] = [];
  for (const id of ids) for (const parent of site.parents.get(id) ?? []) if (idSet.has(parent)) edges.push([parent, id]);
  const label = (id: string) => displayName(site.members.get(id)!);
  performance.mark('dailies:lineage-selected');
  const layout = layoutGraph({ ids, edges, label });
  performance.mark('dailies:lineage-laid-out');
  const large = ids.length > LARGE_GRAPH ? ' A graph this large is slow to pan and hard to read: narrow it with a selector (e.g. +my_model+ or tag:marts).' : '';
  status.textContent = `${ids.length} node${ids.length === 1 ? '' : 's'}, ${edges.length} edge${edges.length === 1 ? '' : 's'}.${large}${status.textContent ? ` ${status.textContent}` : ''}`;
  const details = h('aside', { class: 'lineage-details', 'aria-live': 'polite', 'aria-label': 'Focused node' }, h('p', { class: 'muted' }, 'Click a node (or focus it and press Space) to see its neighbours; Enter opens its page.'));
  const view = graphView(site, layout, edges, query, details);
  page.append(h('div', { class: 'lineage-body' }, view.element, details));
  performance.mark('dailies:lineage-built');
  requestAnimationFrame(() => {
    view.zoom.fit();
    if (query.focus && layout.nodes.has(query.focus)) view.focus(query.focus, true);
    requestAnimationFrame(() => performance.mark('dailies:lineage-painted'));
  });
  return page;
}

interface GraphView {
  element: HTMLElement;
  zoom: ZoomControl;
  focus(id: string, center: boolean): void;
}

function graphView(site: Site, layout: Layout, edges: [string, string][], query: LineageQuery, details: HTMLElement): GraphView {
  const root = svg('svg', { class: 'graph', role: 'group', 'aria-label': `Lineage graph of ${layout.nodes.size} nodes; use the zoom buttons or the mouse wheel, drag to pan` });
  const viewport = svg('g', { class: 'viewport' });
  const edgeLayer = svg('g', { class: 'edges', 'aria-hidden': 'true' });
  const nodeLayer = svg('g', { class: 'nodes' });
  viewport.append(edgeLayer, nodeLayer);
  root.append(viewport);
  const edgePaths = new Map<string, SVGPathElement>();
  for (const [from, to] of edges) {
    const a = layout.nodes.get(from)!;
    const b = layout.nodes.get(to)!;
    const x1 = a.x + a.width;
    const y1 = a.y + NODE_HEIGHT / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_HEIGHT / 2;
    const mid = (x1 + x2) / 2;
    const path = svg('path', { d: `M${x1},${y1}C${mid},${y1} ${mid},${y2} ${x2},${y2}` });
    edgePaths.set(`${from}\u0000${to}`, path);
    edgeLayer.append(path);
  }
  const nodeElements = new Map<string, SVGGElement>();
  for (const placed of layout.nodes.values()) {
    const member = site.members.get(placed.id)!;
    const name = displayName(member);
    const changed = site.data.stateChanges?.[placed.id];
    const group = svg('g', {
      class: `node kind-${member.resource_type}${changed && changed.status !== 'unchanged' ? ' changed' : ''}`,
      transform: `translate(${placed.x},${placed.y})`,
      tabindex: 0,
      role: 'button',
      'aria-label': `${member.resource_type} ${name}`,
      'data-id': placed.id,
    });
    const rect = svg('rect', { width: placed.width, height: NODE_HEIGHT, rx: 5 });
    const text = svg('text', { x: 8, y: NODE_HEIGHT / 2 + 4 });
    const maxChars = Math.floor((placed.width - 14) / 7);
    text.textContent = name.length > maxChars ? `${name.slice(0, maxChars - 1)}…` : name;
    const title = svg('title');
    title.textContent = `${member.resource_type} ${name}`;
    group.append(title, rect, text);
    nodeLayer.append(group);
    nodeElements.set(placed.id, group);
  }
  const zoom = enableZoom(root, viewport, layout);
  const wrapper = h('div', { class: 'graph-wrap' }, zoom.controls, root);

  const focus = (id: string, center: boolean): void => {
    const up = walk(id, (node) => site.parents.get(node) ?? []);
    const down = walk(id, (node) => site.children.get(node) ?? []);
    root.classList.add('focusing');
    for (const [nodeId, element] of nodeElements) {
      element.classList.toggle('focused', nodeId === id);
      element.classList.toggle('related', up.has(nodeId) || down.has(nodeId));
    }
    up.add(id);
    down.add(id);
    for (const [key, path] of edgePaths) {
      const [from, to] = key.split('\u0000') as [string, string];
      path.classList.toggle('related', (up.has(from) && up.has(to)) || (down.has(from) && down.has(to)));
    }
    if (center) zoom.center(layout.nodes.get(id)!);
    const member = site.members.get(id)!;
    const neighbours = (list: string[], empty: string) =>
      list.length === 0
        ? h('p', { class: 'muted' }, empty)
        : h('ul', { class: 'links' }, list.map((other) => h('li', {}, h('a', { href: lineageHref({ ...query, focus: other }) }, displayName(site.members.get(other)!)))));
    const visible = (list: string[]) => list.filter((other) => nodeElements.has(other));
    details.replaceChildren(
      h('h2', {}, h('span', { class: `kind kind-${member.resource_type}` }, member.resource_type), ' ', displayName(member)),
      h('p', {}, h('a', { href: nodeHref(id) }, 'Open its page')),
      h('h3', {}, 'Upstream'),
      neighbours(visible(site.parents.get(id) ?? []), 'Nothing upstream in this graph.'),
      h('h3', {}, 'Downstream'),
      neighbours(visible(site.children.get(id) ?? []), 'Nothing downstream in this graph.'),
    );
  };
  nodeLayer.addEventListener('click', (event) => {
    const group = (event.target as Element).closest('g.node');
    if (group) focus(group.getAttribute('data-id')!, false);
  });
  nodeLayer.addEventListener('dblclick', (event) => {
    const group = (event.target as Element).closest('g.node');
    if (group) location.hash = nodeHref(group.getAttribute('data-id')!);
  });
  nodeLayer.addEventListener('keydown', (event) => {
    const group = (event.target as Element).closest('g.node');
    if (!group) return;
    if (event.key === 'Enter') location.hash = nodeHref(group.getAttribute('data-id')!);
    else if (event.key === ' ') {
      event.preventDefault();
      focus(group.getAttribute('data-id')!, true);
    }
  });
  return { element: wrapper, zoom, focus };
}

function walk(start: string, next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...next(start)];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...next(id));
  }
  return seen;
}
