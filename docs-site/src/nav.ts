/** The sidebar: the project's members by kind and folder, each group filled when first opened. */
import { displayName, nodeHref, type Site } from './data.js';
import { h } from './dom.js';

const KINDS: [string, string][] = [
  ['model', 'Models'],
  ['source', 'Sources'],
  ['seed', 'Seeds'],
  ['snapshot', 'Snapshots'],
  ['exposure', 'Exposures'],
  ['semantic_model', 'Semantic models'],
  ['metric', 'Metrics'],
  ['saved_query', 'Saved queries'],
  ['analysis', 'Analyses'],
  ['test', 'Tests'],
  ['macro', 'Macros'],
];

export function renderNav(site: Site, nav: HTMLElement): void {
  const entries: { id: string; kind: string; folder: string; name: string }[] = [];
  for (const member of site.members.values()) {
    const folder = member.resource_type === 'source' ? member.fqn.slice(1, -2).join('/') : member.fqn.slice(1, -1).join('/');
    entries.push({ id: member.unique_id, kind: member.resource_type, folder: member.package_name === site.data.project.name ? folder : `${member.package_name}/${folder}`, name: displayName(member) });
  }
  for (const macro of Object.values(site.data.manifest.macros)) entries.push({ id: macro.unique_id, kind: 'macro', folder: macro.package_name, name: macro.name });
  nav.replaceChildren(
    h('h2', { class: 'visually-hidden' }, 'Project'),
    ...KINDS.filter(([kind]) => entries.some((entry) => entry.kind === kind)).map(([kind, title]) => {
      const mine = entries.filter((entry) => entry.kind === kind);
      const folders = new Map<string, typeof mine>();
      for (const entry of mine) folders.set(entry.folder, [...(folders.get(entry.folder) ?? []), entry]);
      const group = h('details', { class: 'nav-group', open: kind === 'model' }, h('summary', {}, `${title} `, h('span', { class: 'muted' }, String(mine.length))));
      const fill = () => {
        if (group.dataset.filled) return;
        group.dataset.filled = '1';
        for (const [folder, list] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
          list.sort((a, b) => a.name.localeCompare(b.name));
          const links = h('ul', {}, list.map((entry) => h('li', {}, h('a', { href: nodeHref(entry.id), 'data-id': entry.id }, entry.name))));
          group.append(folders.size === 1 && folder === '' ? links : h('details', { class: 'nav-folder' }, h('summary', {}, folder || '(top)'), links));
        }
      };
      if (group.open) fill();
      group.addEventListener('toggle', fill);
      return group;
    }),
  );
}

/** Marks the current page's link in the sidebar. */
export function markCurrent(nav: HTMLElement, id: string | null): void {
  for (const link of nav.querySelectorAll('a[aria-current]')) link.removeAttribute('aria-current');
  if (!id) return;
  const link = nav.querySelector(`a[data-id="${CSS.escape(id)}"]`);
  if (link) link.setAttribute('aria-current', 'page');
}
