/**
 * `dailies docs generate`: the docs site in `target/site/`: the prebuilt app (docs-site/dist/,
 * built by `npm run build:site`), dbt's artifacts (manifest.json, catalog.json, run_results.json)
 * and the site's own JSON (`data/site.json`, one `data/dashboards/<name>.json` per dashboard).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectCompiler } from '../compiler/api.js';
import { DailiesError } from '../errors.js';
import { compareManifests, serializeManifest } from '../graph/index.js';
import type { Manifest } from '../graph/types.js';
import type { Adapter } from '../warehouse/adapter.js';
import { catalogArtifact, catalogEntries, readCatalog, type Catalog } from './catalog.js';
import { parseModels, resolveLineage } from './column-lineage/index.js';
import { exportDashboard } from './dashboards/export.js';
import { dashboardDefinitions } from './dashboards/spec.js';
import { readRunResults } from './run-results.js';
import { compactManifest } from './site-compact.js';
import { siteManifest } from './site-manifest.js';
import { SITE_DATA_VERSION, type CompactColumnLineage, type DashboardSummary, type SiteData } from './site-types.js';
import { artifactText } from '../redact/artifacts.js';

/** Where `npm run build:site` puts the app (relative to this module in src/docs/ and lib/docs/ alike). */
export const SITE_ASSETS_DIR = fileURLToPath(new URL('../../docs-site/dist/', import.meta.url));

export interface GenerateOptions {
  compiler: ProjectCompiler;
  /** The warehouse to read the catalog and the dashboards' data from; without it the site has neither. */
  adapter?: Adapter;
  /** The project's target folder (run_results.json is read from it). */
  targetDir: string;
  /** Where to write the site (default `<targetDir>/site`). */
  outDir?: string;
  /** The manifest of the previous deploy, for `state:` selectors in the site. */
  state?: Manifest;
  /** The prebuilt app (default: docs-site/dist/ of this package). */
  assetsDir?: string;
  now?: Date;
}

export interface GenerateResult {
  outDir: string;
  /** Bytes of the site's JSON: data/site.json plus the dashboards' files. */
  siteJsonBytes: number;
  relations: number;
  dashboards: DashboardSummary[];
  warnings: string[];
}

export async function generateDocs(options: GenerateOptions): Promise<GenerateResult> {
  const manifest = options.compiler.manifest;
  const outDir = path.resolve(options.outDir ?? path.join(options.targetDir, 'site'));
  const assetsDir = options.assetsDir ?? SITE_ASSETS_DIR;
  if (!fs.existsSync(path.join(assetsDir, 'index.html'))) {
    throw new DailiesError('config', `the docs site's app is not built (${path.join(assetsDir, 'index.html')} is missing)`, {
      hint: 'run `npm run build:site` in the dailies package (npm install/ci runs it through `prepare`)',
    });
  }
  const generatedAt = (options.now ?? new Date()).toISOString();
  const warnings: string[] = [];
  // DuckDB parses the models' SQL on its own threads while this one does the rest.
  const parsing = parseModels(manifest);
  parsing.catch(() => undefined);
  const catalog: Catalog = options.adapter ? await readCatalog(options.adapter, manifest) : { relations: new Map() };
  const runResults = readRunResults(options.targetDir);
  const members = compactManifest(siteManifest(manifest));
  const manifestText = serializeManifest(manifest);
  const known = new Map([...catalog.relations].map(([id, relation]) => [id, relation.columns.map((column) => column.name)]));
  const lineage = resolveLineage(manifest, await parsing, known);
  const columnLineage: Record<string, CompactColumnLineage> = {};
  for (const [id, entry] of Object.entries(lineage)) {
    const parents: string[] = [];
    const indexOf = (node: string): number => {
      const found = parents.indexOf(node);
      return found >= 0 ? found : parents.push(node) - 1;
    };
    columnLineage[id] = {
      parents,
      columns: entry.columns.map((column) => [column.name, column.direct ? 1 : 0, column.origins.map((origin) => [indexOf(origin.node), origin.column] as [number, string])]),
      ...(entry.error ? { error: entry.error } : {}),
    };
  }

  fs.rmSync(outDir, { recursive: true, force: true });
  fs.cpSync(assetsDir, outDir, { recursive: true });
  const dataDir = path.join(outDir, 'data');
  fs.mkdirSync(path.join(dataDir, 'dashboards'), { recursive: true });

  let siteJsonBytes = 0;
  const writeJson = (file: string, value: unknown, counts: boolean): void => {
    const text = artifactText(JSON.stringify(value));
    fs.writeFileSync(file, text);
    if (counts) siteJsonBytes += Buffer.byteLength(text);
  };

  const dashboards: DashboardSummary[] = [];
  for (const definition of dashboardDefinitions(manifest)) {
    if (!options.adapter) {
      const { query: _query, ...rest } = definition;
      dashboards.push({ ...rest, hasData: false, error: 'generated without a warehouse' });
      continue;
    }
    const exported = await exportDashboard(definition, options.compiler, options.adapter, runResults.byNode, generatedAt);
    dashboards.push(exported.summary);
    if (exported.data) writeJson(path.join(dataDir, 'dashboards', `${definition.name}.json`), exported.data, true);
    else warnings.push(`dashboard '${definition.name}' has no data: ${exported.summary.error}`);
  }

  const stateChanges = options.state ? compareManifests(options.state, manifest) : null;
  const site: SiteData = {
    version: SITE_DATA_VERSION,
    project: {
      name: manifest.metadata.project_name,
      adapterType: manifest.metadata.adapter_type,
      targetName: manifest.metadata.target_name,
      generatedAt,
      resultsAt: runResults.generatedAt,
      hasState: stateChanges !== null,
      counts: countByType(manifest),
      overview: overviewOf(manifest),
    },
    manifest: members,
    catalog: catalogEntries(catalog),
    results: runResults.byNode,
    columnLineage,
    stateChanges: stateChanges === null ? null : Object.fromEntries([...stateChanges].map(([id, change]) => [id, { status: change.status, reasons: change.reasons }])),
    dashboards,
  };
  writeJson(path.join(dataDir, 'site.json'), site, true);

  fs.writeFileSync(path.join(outDir, 'manifest.json'), artifactText(manifestText));
  writeJson(path.join(outDir, 'catalog.json'), catalogArtifact(catalog, manifest, generatedAt, randomUUID()), false);
  if (runResults.raw !== null) fs.writeFileSync(path.join(outDir, 'run_results.json'), artifactText(runResults.raw));
  return { outDir, siteJsonBytes, relations: catalog.relations.size, dashboards, warnings };
}

function countByType(manifest: Manifest): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of Object.values(manifest.nodes)) counts[node.resource_type] = (counts[node.resource_type] ?? 0) + 1;
  counts.source = Object.keys(manifest.sources).length;
  counts.exposure = Object.keys(manifest.exposures).length;
  counts.semantic_model = Object.keys(manifest.semantic_models ?? {}).length;
  counts.metric = Object.keys(manifest.metrics ?? {}).length;
  counts.saved_query = Object.keys(manifest.saved_queries ?? {}).length;
  counts.macro = Object.keys(manifest.macros).length;
  return counts;
}

/** dbt shows the root project's `{% docs __overview__ %}` block on the home page. */
function overviewOf(manifest: Manifest): string | null {
  const root = manifest.metadata.project_name;
  const docs = Object.values(manifest.docs ?? {});
  const block = docs.find((doc) => doc.name === '__overview__' && doc.package_name === root) ?? docs.find((doc) => doc.name === '__overview__');
  return block ? block.block_contents : null;
}
