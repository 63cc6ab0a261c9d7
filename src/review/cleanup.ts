/**
 * `cleanupReview`: removes what a pull request's check created: its review session's storage
 * (on DuckDB the PR's own database file, after dropping its schemas) and any PR schemas an older
 * dailies left in production (the PR schema, custom-schema variants like `pr_12_marts`, test
 * audit schemas). Idempotent: what is already gone is skipped.
 */
import { compileProject } from '../compiler/index.js';
import { DailiesError } from '../errors.js';
import type { Manifest } from '../graph/types.js';
import type { Project, TargetConfig } from '../project/types.js';
import { discardReviewSession, openAdapter, reviewSessionExists, reviewSessionTarget } from '../warehouse/index.js';
import { prSchemaName } from './pr-schema.js';
import { dropExistingSchemas, schemasUnder } from './pr-schemas.js';
import { loadReviewProject, productionTarget, withTarget, type ProjectLocation } from './targets.js';

export interface CleanupOptions extends ProjectLocation {
  /** As for `runReview`: the production the PR was reviewed against. */
  prodTarget?: string;
  prNumber?: number;
  branch?: string;
}

export interface CleanupResult {
  schema: string;
  /** Schemas dropped, as `database.schema` (database omitted when the target has none). */
  dropped: string[];
  /** Schemas looked for that did not exist. */
  absent: string[];
}

export async function cleanupReview(options: CleanupOptions): Promise<CleanupResult> {
  if (options.prNumber === undefined && !options.branch) {
    throw new DailiesError('usage', 'cleanup needs the pull request number or its branch', { hint: 'pass --pr <number> or --branch <name>' });
  }
  const schema = prSchemaName({ number: options.prNumber ?? null, branch: options.branch ?? null });
  const loaded = await loadReviewProject(options);
  const production = productionTarget(loaded, options, options.prodTarget);
  const session = { production, reviewer: loaded.target, name: schema };
  const dropped = new Set<string>();
  const absent = new Set<string>();
  const targets: TargetConfig[] = [];
  if (reviewSessionExists(session)) targets.push(reviewSessionTarget(session));
  targets.push(production);
  for (const target of targets) {
    const result = await dropPrSchemas(withTarget(loaded, target), schema);
    result.dropped.forEach((label) => dropped.add(label));
    result.absent.forEach((label) => absent.add(label));
  }
  discardReviewSession(session);
  return { schema, dropped: [...dropped].sort(), absent: [...absent].filter((label) => !dropped.has(label)).sort() };
}

async function dropPrSchemas(project: Project, schema: string): Promise<{ dropped: string[]; absent: string[] }> {
  let manifest: Manifest | null = null;
  try {
    // the schemas the PR build would use: custom schemas and snapshot target schemas included
    manifest = (await compileProject(project, { schemaOverride: schema })).manifest;
  } catch {
    // a project that no longer compiles still gets its main PR schema dropped
  }
  const schemas = schemasUnder(manifest, schema, [{ database: project.target.database ?? null, schema }]);
  const adapter = await openAdapter(project.target);
  try {
    return await dropExistingSchemas(adapter, schemas);
  } finally {
    await adapter.close();
  }
}
