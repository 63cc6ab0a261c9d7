/** The docs site: catalog, column lineage, dashboards' data and the site's JSON (`dailies docs generate|serve`). */
export { generateDocs, SITE_ASSETS_DIR, type GenerateOptions, type GenerateResult } from './generate.js';
export { serveSite, type SiteServer } from './serve.js';
export type * from './site-types.js';
