/**
 * `cleanupReview`: drops every schema a pull request's check created (its schema, the custom-schema
 * variants like `pr_12_marts`, and test audit schemas). Idempotent: schemas already gone are skipped.
 */
import { compileProject } from '../compiler/index.js';
import { DailiesError } from '../errors.js';
import type { Manifest } from '../graph/types.js';
import { openAdapter } from '../warehouse/index.js';
import { prSchemaName } from './pr-schema.js';
import { dropExistingSchemas, schemasUnder } from './pr-schemas.js';
import { buildTargetFor, loadReviewProject, productionTarget, withTarget, type ProjectLocation } from './targets.js';

export interface CleanupOptions extends ProjectLocation {
  /** As for `runReview`: decides where a DuckDB PR build lived. */
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
  const project = withTarget(loaded, buildTargetFor(loaded, productionTarget(loaded, options, options.prodTarget)));
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
    return { schema, ...(await dropExistingSchemas(adapter, schemas)) };
  } finally {
    await adapter.close();
  }
}
