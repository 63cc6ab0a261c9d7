/**
 * Search over names, descriptions and columns (MiniSearch: prefix and fuzzy matching), results
 * as you type in a listbox the arrow keys move through.
 */
import MiniSearch from 'minisearch';
import { displayName, nodeHref, type Site } from './data.js';
import { h } from './dom.js';
import { summary } from './markdown.js';

interface SearchDoc {
  id: string;
  name: string;
  kind: string;
  description: string;
  columns: string;
  columnDescriptions: string;
  tags: string;
}

export function buildIndex(site: Site): MiniSearch<SearchDoc> {
  const index = new MiniSearch<SearchDoc>({
    fields: ['name', 'columns', 'description', 'columnDescriptions', 'tags'],
    storeFields: ['name', 'kind'],
    tokenize: (text) => text.split(/[\s\-.,;:()'"`|/]+/).flatMap((word) => [word, ...word.split('_')]).filter(Boolean),
    searchOptions: { boost: { name: 4, columns: 2, tags: 2 }, prefix: true, fuzzy: 0.15, combineWith: 'AND' },
  });
  const docs: SearchDoc[] = [];
  for (const member of site.members.values()) {
    if (member.resource_type === 'test') continue;
    const catalogColumns = site.data.catalog[member.unique_id]?.columns.map((column) => column.name) ?? [];
    const declared = 'columns' in member ? Object.values(member.columns) : [];
    const columns = [...new Set([...declared.map((column) => column.name), ...catalogColumns])];
    docs.push({
      id: member.unique_id,
      name: displayName(member),
      kind: member.resource_type,
      description: member.description,
      columns: columns.join(' '),
      columnDescriptions: declared.map((column) => column.description).join(' '),
      tags: member.tags.join(' '),
    });
  }
  for (const macro of Object.values(site.data.manifest.macros)) {
    if (macro.package_name === 'dbt') continue;
    docs.push({ id: macro.unique_id, name: macro.name, kind: 'macro', description: macro.description, columns: '', columnDescriptions: '', tags: '' });
  }
  index.addAll(docs);
  return index;
}

/** Wires the header's search box. */
export function attachSearch(site: Site, input: HTMLInputElement, list: HTMLUListElement): void {
  let index: MiniSearch<SearchDoc> | null = null;
  let active = -1;
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (next: number) => {
    const items = [...list.querySelectorAll<HTMLLIElement>('li[role=option]')];
    if (items.length === 0) return;
    active = (next + items.length) % items.length;
    items.forEach((item, i) => item.setAttribute('aria-selected', String(i === active)));
    input.setAttribute('aria-activedescendant', items[active]!.id);
    items[active]!.scrollIntoView({ block: 'nearest' });
  };
  const update = () => {
    const query = input.value.trim();
    if (query.length === 0) return close();
    index ??= buildIndex(site);
    const results = index.search(query).slice(0, 20);
    list.replaceChildren(
      ...(results.length === 0
        ? [h('li', { class: 'empty', role: 'presentation' }, `Nothing matches “${query}”.`)]
        : results.map((result, i) => {
            const page = site.members.get(result.id) ?? site.data.manifest.macros[result.id]!;
            const column = matchedColumn(site, result.id, query, result.match);
            const href = nodeHref(result.id, column ?? undefined);
            const item = h(
              'li',
              { role: 'option', id: `search-option-${i}`, 'aria-selected': 'false', 'data-href': href },
              h('span', { class: `kind kind-${page.resource_type}` }, page.resource_type),
              ' ',
              h('strong', {}, String(result.name)),
              column ? h('span', { class: 'match' }, ` column ${column}`) : null,
              h('span', { class: 'muted' }, ` ${summary(page.description, 90)}`),
            );
            item.addEventListener('mousedown', (event) => {
              event.preventDefault();
              go(href);
            });
            return item;
          })),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };
  const go = (href: string) => {
    close();
    input.value = '';
    location.hash = href;
  };
  input.addEventListener('input', update);
  // Build the index when the browser is idle, so the first keystroke finds it ready.
  const idle = (globalThis as { requestIdleCallback?: (work: () => void) => void }).requestIdleCallback;
  if (idle) idle(() => (index ??= buildIndex(site)));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      highlight(active + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      highlight(active - 1);
    } else if (event.key === 'Enter') {
      const items = [...list.querySelectorAll<HTMLLIElement>('li[role=option]')];
      const chosen = items[active >= 0 ? active : 0];
      if (chosen) go(chosen.dataset.href!);
    } else if (event.key === 'Escape') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (event.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
      event.preventDefault();
      input.focus();
    }
  });
}

/** When the query matched a column name, that column (as the node spells it). */
function matchedColumn(site: Site, id: string, query: string, match: Record<string, string[]>): string | null {
  const member = site.members.get(id);
  if (!member) return null;
  const names = [...('columns' in member ? Object.values(member.columns).map((column) => column.name) : []), ...(site.data.catalog[id]?.columns.map((column) => column.name) ?? [])];
  const exact = names.find((name) => name.toLowerCase() === query.toLowerCase());
  if (exact) return exact;
  const terms = Object.entries(match).filter(([, fields]) => fields.includes('columns') && !fields.includes('name')).map(([term]) => term.toLowerCase());
  if (terms.length === 0) return null;
  return names.find((name) => terms.some((term) => name.toLowerCase() === term || name.toLowerCase().split('_').includes(term))) ?? names.find((name) => terms.some((term) => name.toLowerCase().includes(term))) ?? null;
}
