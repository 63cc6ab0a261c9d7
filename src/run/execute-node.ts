/**
 * Executes one node of any kind and turns what happened (including errors) into a NodeResult.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { compiledFilePath } from '../compiler/compiled-files.js';
import { withStatementLabel } from '../warehouse/statement-label.js';
import { DailiesError, isDailiesError } from '../errors.js';
import type { ManifestNode } from '../graph/types.js';
import type { RunContext } from './context.js';
import { displayName, relationOf } from './context.js';
import { runNodeHooks } from './hooks.js';
import { buildModel } from './materializations/index.js';
import { runSeed } from './seeds.js';
import { runSnapshot } from './snapshots.js';
import { runTest } from './tests.js';
import type { NodeOutcome, NodeResult, TimingInfo } from './types.js';
import { artifactText } from '../redact/artifacts.js';

export function nodeKind(node: ManifestNode): string {
  if (node.resource_type === 'model') return node.config.materialized;
  return node.resource_type;
}

export function nodeDisplayName(node: ManifestNode): string {
  return node.resource_type === 'test' ? node.name : displayName(relationOf(node));
}

export function threadName(thread: number): string {
  return `Thread-${thread + 1} (worker)`;
}

export async function executeNode(context: RunContext, node: ManifestNode, thread: number): Promise<NodeResult> {
  const startedAt = new Date();
  const started = performance.now();
  let compiledAt: Date | null = null;
  let compiledCode: string | undefined;
  const onCompiled = (sql: string): void => {
    compiledAt = new Date();
    compiledCode = sql;
  };

  let outcome: NodeOutcome;
  let hint: string | undefined;
  try {
    outcome = await withStatementLabel({ node: node.unique_id }, () => executeByType(context, node, onCompiled));
  } catch (error) {
    outcome = { status: 'error', message: errorMessage(error) };
    if (isDailiesError(error)) hint = error.hint;
  }
  if (compiledCode !== undefined && node.resource_type !== 'seed' && context.options.targetDir) {
    await writeCompiledFile(node, compiledCode, context.options.targetDir).catch(() => undefined);
  }
  const completedAt = new Date();
  const compileEnd: Date = compiledAt ?? startedAt;
  const timing: TimingInfo[] = [
    { name: 'compile', started_at: startedAt.toISOString(), completed_at: compileEnd.toISOString() },
    { name: 'execute', started_at: compileEnd.toISOString(), completed_at: completedAt.toISOString() },
  ];
  return {
    unique_id: node.unique_id,
    resource_type: node.resource_type,
    name: node.name,
    status: outcome.status,
    message: outcome.message,
    kind: nodeKind(node),
    timing,
    thread_id: threadName(thread),
    execution_time: (performance.now() - started) / 1000,
    ...(outcome.rowsAffected !== undefined ? { rows_affected: outcome.rowsAffected } : {}),
    failures: outcome.failures ?? null,
    ...(outcome.failingRows ? { failing_rows: outcome.failingRows } : {}),
    compiled_code: outcome.compiledCode ?? compiledCode,
    relation_name: node.resource_type === 'test' ? (outcome.relationName ?? null) : (node.relation_name ?? outcome.relationName ?? null),
    display_name: nodeDisplayName(node),
    file: node.original_file_path,
    ...(hint ? { hint } : {}),
    ...(outcome.batchResults ? { batch_results: outcome.batchResults } : {}),
    ...(outcome.batchErrors && outcome.batchErrors.length > 0 ? { batch_errors: outcome.batchErrors } : {}),
  };
}

async function executeByType(context: RunContext, node: ManifestNode, onCompiled: (sql: string) => void): Promise<NodeOutcome> {
  const runtime = { isIncremental: false, adapter: context.adapter };
  if (node.resource_type === 'seed' || node.resource_type === 'snapshot' || node.resource_type === 'test') refuseOverride(context, node);
  switch (node.resource_type) {
    case 'model':
      return buildModel(context, node, { onCompiled });
    case 'seed': {
      onCompiled('');
      await context.ensureSchema(node.database, node.schema);
      await runNodeHooks(context, node, 'pre', false);
      const outcome = await runSeed(context, node);
      await runNodeHooks(context, node, 'post', false);
      return { ...outcome, compiledCode: undefined };
    }
    case 'snapshot': {
      const sql = await context.compiler.compileForRun(node.unique_id, runtime);
      onCompiled(sql);
      await context.ensureSchema(node.database, node.schema);
      await runNodeHooks(context, node, 'pre', false);
      const outcome = await runSnapshot(context, node, sql);
      await runNodeHooks(context, node, 'post', false);
      return { ...outcome, compiledCode: sql };
    }
    case 'test': {
      const sql = await context.compiler.compileForRun(node.unique_id, runtime);
      onCompiled(sql);
      return { ...(await runTest(context, node, sql)), compiledCode: sql };
    }
    default:
      return { status: 'skipped', message: `nothing to run for a ${node.resource_type}` };
  }
}

/**
 * dailies builds seeds, snapshots and tests natively: a `{% materialization seed|snapshot|test %}`
 * block that dbt would run instead (the root project's, see materialization-choice.ts) is an error
 * naming it, never silently passed over.
 */
function refuseOverride(context: RunContext, node: ManifestNode): void {
  const choice = context.compiler.materializationFor(node.unique_id);
  if (choice?.kind !== 'macro') return;
  const { macro } = choice;
  throw new DailiesError('config', `the ${macro.materialization?.name ?? node.resource_type} materialization of package '${macro.packageName}' overrides dbt's own; dailies builds ${node.resource_type}s natively and cannot run it yet`, {
    place: { file: macro.file?.relPath ?? 'dailies/builtin-macros', line: macro.line },
    hint: `remove the {% materialization ${macro.materialization?.name ?? node.resource_type} %} block (or rename it and set materialized: on the models that should use it)`,
  });
}

function errorMessage(error: unknown): string {
  if (isDailiesError(error)) {
    const where = error.place ? `${error.place.file}${error.place.line !== undefined ? `:${error.place.line}` : ''}: ` : '';
    return `${where}${error.message}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** `target/compiled/<package>/<path>`: the SQL a node was compiled to just before it ran, as dbt writes it. */
async function writeCompiledFile(node: ManifestNode, sql: string, targetDir: string): Promise<void> {
  const path = compiledFilePath(node, targetDir);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, artifactText(sql));
}
