/** Pieces several pages share: status badges, lists of links, code blocks. */
import type { NodeResultSummary } from '../../../src/docs/site-types.js';
import { displayName, findPage, nodeHref, type Site } from '../data.js';
import { h } from '../dom.js';

const STATUS_TEXT: Record<string, string> = { pass: 'pass', success: 'success', fail: 'fail', error: 'error', warn: 'warn', skipped: 'skipped' };

export function statusBadge(result: NodeResultSummary | undefined): HTMLElement {
  if (!result) return h('span', { class: 'status status-none' }, 'not run');
  const label = STATUS_TEXT[result.status] ?? result.status;
  const failures = result.failures && result.failures > 0 ? ` (${result.failures})` : '';
  return h('span', { class: `status status-${label}` }, `${label}${failures}`);
}

export function memberLink(site: Site, id: string, column?: string): HTMLElement {
  const page = findPage(site, id);
  if (!page) return h('span', {}, id);
  return h('a', { href: nodeHref(id, column) }, h('span', { class: `kind kind-${page.resource_type}` }, page.resource_type), ' ', displayName(page), column ? `.${column}` : '');
}

export function linkList(site: Site, ids: string[], empty: string): HTMLElement {
  if (ids.length === 0) return h('p', { class: 'muted' }, empty);
  return h('ul', { class: 'links' }, ids.map((id) => h('li', {}, memberLink(site, id))));
}

export function codeBlock(code: string, label: string): HTMLElement {
  const copy = h('button', { type: 'button', class: 'copy' }, 'Copy');
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(code).then(() => (copy.textContent = 'Copied'));
  });
  return h('div', { class: 'code' }, copy, h('pre', { tabindex: 0, 'aria-label': label }, h('code', {}, code)));
}

/** Tabs of code blocks (compiled / source), keyboard-operable as ARIA tabs. */
export function codeTabs(tabs: { label: string; code: string }[]): HTMLElement {
  const present = tabs.filter((tab) => tab.code.trim() !== '');
  if (present.length === 0) return h('p', { class: 'muted' }, 'No code.');
  const list = h('div', { role: 'tablist', 'aria-label': 'Code' });
  const panels: HTMLElement[] = [];
  const buttons: HTMLButtonElement[] = [];
  const select = (index: number): void => {
    buttons.forEach((button, i) => {
      button.setAttribute('aria-selected', String(i === index));
      button.tabIndex = i === index ? 0 : -1;
      panels[i]!.hidden = i !== index;
    });
  };
  present.forEach((tab, index) => {
    const id = `code-${tab.label.toLowerCase().replace(/\W+/g, '-')}`;
    const button = h('button', { type: 'button', role: 'tab', id: `${id}-tab`, 'aria-controls': id }, tab.label);
    button.addEventListener('click', () => select(index));
    button.addEventListener('keydown', (event) => {
      const key = (event as KeyboardEvent).key;
      if (key !== 'ArrowRight' && key !== 'ArrowLeft') return;
      const next = (index + (key === 'ArrowRight' ? 1 : present.length - 1)) % present.length;
      select(next);
      buttons[next]!.focus();
    });
    buttons.push(button);
    list.appendChild(button);
    panels.push(h('div', { role: 'tabpanel', id, 'aria-labelledby': `${id}-tab` }, codeBlock(tab.code, `${tab.label} SQL`)));
  });
  select(0);
  return h('div', { class: 'tabs-block' }, list, panels);
}

export function section(title: string, ...content: (Node | null)[]): HTMLElement {
  const id = `section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), content);
}
