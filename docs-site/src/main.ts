/**
 * The docs site: loads data/site.json, then routes on the URL's hash (so it works from any static
 * host, GitHub Pages included): #/, #/node/<id>[?column=<name>], #/lineage[?select=…],
 * #/dashboards, #/dashboards/<name>.
 */
import { charts } from './charts/registry.js';
import { loadSite, type Site } from './data.js';
import { h } from './dom.js';
import { lineagePage, lineageQuery } from './lineage/page.js';
import { markCurrent, renderNav } from './nav.js';
import { dashboardPage, dashboardsPage } from './pages/dashboards.js';
import { nodePage } from './pages/node.js';
import { overviewPage } from './pages/overview.js';
import { attachSearch } from './search.js';

declare global {
  interface Window {
    dailiesDocs?: { site: Site; charts: typeof charts };
  }
}

function route(site: Site, main: HTMLElement, nav: HTMLElement): void {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path = '/', queryText = ''] = hash.split('?');
  const params = new URLSearchParams(queryText);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let page: HTMLElement;
  let title = site.data.project.name;
  let current: string | null = null;
  if (parts[0] === 'node' && parts[1]) {
    current = parts[1];
    page = nodePage(site, parts[1], params.get('column'));
    title = `${page.querySelector('h1')?.textContent ?? parts[1]} · ${title}`;
  } else if (parts[0] === 'lineage') {
    page = lineagePage(site, lineageQuery(params));
    title = `Lineage · ${title}`;
  } else if (parts[0] === 'dashboards' && parts[1]) {
    page = dashboardPage(site, parts[1]);
    title = `${page.querySelector('h1')?.textContent ?? parts[1]} · ${title}`;
  } else if (parts[0] === 'dashboards') {
    page = dashboardsPage(site);
    title = `Dashboards · ${title}`;
  } else {
    page = overviewPage(site);
  }
  for (const chart of charts.values()) chart.dispose();
  charts.clear();
  main.replaceChildren(page);
  document.title = title;
  markCurrent(nav, current);
  for (const link of document.querySelectorAll('.tabs a')) {
    const href = link.getAttribute('href')!.slice(1);
    link.toggleAttribute('aria-current', href === '/' ? path === '/' : path.startsWith(href));
  }
  const column = params.get('column');
  const target = column ? document.getElementById(`column-${column.toLowerCase()}`) : null;
  if (target) target.scrollIntoView({ block: 'center' });
  else window.scrollTo(0, 0);
  document.body.dataset.route = location.hash || '#/';
  if (document.activeElement === document.body || document.activeElement?.closest('#main') === null) main.focus({ preventScroll: true });
}

async function start(): Promise<void> {
  const main = document.getElementById('main')!;
  const nav = document.getElementById('nav')!;
  let site: Site;
  try {
    site = await loadSite();
  } catch (error) {
    main.replaceChildren(h('h1', {}, 'The docs could not be loaded'), h('p', {}, (error as Error).message), h('p', {}, 'Serve the folder over HTTP: dailies docs serve.'));
    return;
  }
  window.dailiesDocs = { site, charts };
  document.querySelector('.brand')!.textContent = site.data.project.name;
  attachSearch(site, document.getElementById('search') as HTMLInputElement, document.getElementById('search-results') as HTMLUListElement);
  const menu = document.querySelector<HTMLButtonElement>('.menu')!;
  menu.addEventListener('click', () => {
    const open = document.body.classList.toggle('nav-open');
    menu.setAttribute('aria-expanded', String(open));
  });
  nav.addEventListener('click', (event) => {
    if ((event.target as Element).closest('a')) {
      document.body.classList.remove('nav-open');
      menu.setAttribute('aria-expanded', 'false');
    }
  });
  window.addEventListener('hashchange', () => route(site, main, nav));
  route(site, main, nav);
  // The sidebar after the first page: on a large project it is thousands of links.
  requestAnimationFrame(() => {
    renderNav(site, nav);
    markCurrent(nav, location.hash.startsWith('#/node/') ? decodeURIComponent(location.hash.slice(7).split('?')[0]!) : null);
    document.body.dataset.ready = '1';
  });
}

void start();
