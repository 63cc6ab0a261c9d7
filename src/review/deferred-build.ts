/**
 * Builds a selection into another schema (a PR's, or promote's staging schema) while every
 * node not being built resolves to its production relation: nothing unchanged is rebuilt.
 */
import { nodeRelation } from '../graph/node-relation.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProject } from '../compiler/index.js';
import type { ProjectCompiler } from '../compiler/api.js';
import type { Manifest } from '../graph/types.js';
import type { Project } from '../project/types.js';
import { runBuild, type NodeResult, type RunResults } from '../run/index.js';
import type { Adapter, Relation } from '../warehouse/adapter.js';
import { DailiesError } from '../errors.js';
import { belongsToPrSchema } from './pr-schema.js';
import type { BuildOutcome } from './types.js';

const HAS_RELATION = new Set(['model', 'seed', 'snapshot']);

/** Every node with a production relation that is not in `building` → that relation. */
export function deferralMap(production: Manifest, building: Iterable<string>): Map<string, Relation> {
  const built = new Set(building);
  const relations = new Map<string, Relation>();
  for (const node of Object.values(production.nodes)) {
    if (built.has(node.unique_id) || !HAS_RELATION.has(node.resource_type) || node.config.materialized === 'ephemeral') continue;
    relations.set(node.unique_id, nodeRelation(node));
  }
  return relations;
}

/** The relation a node of a compiled manifest builds (null for ephemeral models and tests). */
export function relationOfNode(manifest: Manifest, uniqueId: string): Relation | null {
  const node = manifest.nodes[uniqueId];
  if (!node || !HAS_RELATION.has(node.resource_type) || node.config.materialized === 'ephemeral') return null;
  return nodeRelation(node);
}

export interface DeferredBuildOptions {
  adapter: Adapter;
  selected: string[];
  threads: number;
  signal?: AbortSignal;
  /**
   * The root project's on-run-start/-end hooks to run (a review session, which cannot write
   * production: a hook that tries fails the review). Promote's staging build leaves them out.
   */
  projectHooks?: { onRunStart: string[]; onRunEnd: string[] };
}

export interface DeferredBuild {
  compiler: ProjectCompiler;
  results: RunResults;
  seconds: number;
}

/**
 * Compiles the head into `schema`, deferring everything not in `selected` to production. Refuses
 * when a node to build would land outside `schema` and its variants (a `generate_schema_name`
 * that ignores the target schema would otherwise write into production).
 */
export async function compileDeferred(project: Project, adapter: Adapter, production: Manifest, selected: string[], schema: string): Promise<ProjectCompiler> {
  // a node whose macros ask about a relation not built yet is rendered again just before it runs
  // (where an error fails that node alone), as dbt does
  const compiler = await compileProject(project, { adapter: compileTimeAdapter(adapter), schemaOverride: schema, deferRelations: deferralMap(production, selected), nodeErrors: 'collect' });
  for (const id of selected) {
    const node = compiler.manifest.nodes[id];
    const relation = relationOfNode(compiler.manifest, id);
    if (!node || !relation || belongsToPrSchema(relation.schema, schema)) continue;
    throw new DailiesError('config', `${node.name} would be built in schema '${relation.schema}', outside the isolated schema '${schema}'`, {
      place: node.dailies?.place ?? { file: node.original_file_path },
      hint: "make generate_schema_name build into target.schema (or '<target.schema>_<custom>') when the schema is overridden, so that pull-request builds never write into production",
    });
  }
  return compiler;
}

/**
 * The adapter compile-time introspection uses: a statement that fails (`run_query` of a write
 * production refuses, a query of a relation not built yet) answers an empty result instead of
 * failing the whole compile. Each node is rendered again just before it runs, with the real
 * adapter, so the error then fails that node alone.
 */
export function compileTimeAdapter(adapter: Adapter): Adapter {
  return new Proxy(adapter, {
    get(target, property) {
      if (property === 'execute') {
        return async (sql: string, params?: unknown[]) => {
          try {
            return await target.execute(sql, params);
          } catch {
            return { columns: [], rows: [] };
          }
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Runs `build` of the selection; run_results.json goes to a throw-away folder, not the project's target/. */
export async function runDeferredBuild(compiler: ProjectCompiler, options: DeferredBuildOptions): Promise<DeferredBuild> {
  const started = performance.now();
  const targetDir = mkdtempSync(join(tmpdir(), 'dailies-review-run-'));
  try {
    const results = await runBuild({
      compiler,
      adapter: options.adapter,
      select: options.selected,
      command: 'build',
      threads: options.threads,
      signal: options.signal,
      // PR and staging schemas are throw-away: transient on Snowflake (no fail-safe storage cost)
      transientSchemas: true,
      targetDir,
      onRunStart: options.projectHooks?.onRunStart ?? [],
      onRunEnd: options.projectHooks?.onRunEnd ?? [],
    });
    return { compiler, results, seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(targetDir, { recursive: true, force: true });
  }
}

/**
 * Copies production's snapshots (and, with `incremental`, incremental models) into the other
 * schema before a build, so that the build continues production's history instead of starting one.
 */
export async function copyProductionState(adapter: Adapter, production: Manifest, into: Manifest, selected: string[], options: { incremental: boolean }): Promise<void> {
  for (const id of selected) {
    const node = production.nodes[id];
    if (!node) continue;
    const stateful = node.resource_type === 'snapshot' || (options.incremental && node.resource_type === 'model' && node.config.materialized === 'incremental');
    if (!stateful) continue;
    const from = relationOfNode(production, id);
    const to = relationOfNode(into, id);
    if (!from || !to || !(await adapter.getRelation(from))) continue;
    if (!(await adapter.schemaExists(to.database, to.schema))) await adapter.createSchema(to.database, to.schema, { transient: true });
    await adapter.cloneTable(from, to);
  }
}

export function toBuildOutcome(result: NodeResult, manifest: Manifest): BuildOutcome {
  const node = manifest.nodes[result.unique_id];
  return {
    uniqueId: result.unique_id,
    name: result.name,
    resourceType: result.resource_type,
    // a microbatch model with failed batches is a failed build for the review
    status: result.status === 'partial success' ? 'error' : result.status,
    message: result.message,
    file: result.file,
    ...(node?.dailies.place.line !== undefined ? { line: node.dailies.place.line } : {}),
    ...(result.resource_type === 'test' ? { attachedNode: node?.attached_node ?? node?.depends_on.nodes.find((id) => !id.startsWith('macro.')) ?? null } : {}),
    ...(result.resource_type === 'test' ? { failures: result.failures, failingRows: result.failing_rows ?? [] } : {}),
    seconds: result.execution_time,
  };
}

/** True when a node failed to build or an error-severity test failed. */
export function buildFailed(outcomes: BuildOutcome[]): boolean {
  return outcomes.some((outcome) => outcome.status === 'error' || outcome.status === 'fail');
}
