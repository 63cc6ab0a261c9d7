/**
 * `runBuild`: plans the selected nodes, runs the project's on-run-start hooks, the DAG, then
 * on-run-end, and writes `run_results.json`.
 */
import { randomUUID } from 'node:crypto';
import { createRunContext } from './context.js';
import { executeNode, nodeDisplayName, nodeKind } from './execute-node.js';
import { projectHooks, runProjectHooks } from './hooks.js';
import { planRun } from './plan.js';
import { writeRunResults } from './results.js';
import { describeSkipReason, runDag } from './scheduler.js';
import type { NodeResult, RunEvent, RunOptions, RunResults } from './types.js';

export async function runBuild(options: RunOptions): Promise<RunResults> {
  const started = performance.now();
  // microbatch models build up to the invocation's start, one instant for every model of the run (as dbt)
  const context = createRunContext(options.invokedAt ? options : { ...options, invokedAt: new Date() });
  const manifest = options.compiler.manifest;
  const plan = planRun(manifest, options.select, options.command);
  const total = plan.ids.length;
  const emit = (event: RunEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // a broken listener must not break the run
    }
  };
  const threads = Math.max(1, Math.floor(options.threads) || 1);
  emit({ type: 'run-started', command: options.command, total, threads });

  const hookErrors: string[] = [];
  const results = new Map<string, NodeResult>();
  let counter = 0;

  const startHooks = options.signal?.aborted ? [] : (options.onRunStart ?? projectHooks(manifest, 'on-run-start'));
  const startError = await runProjectHooks(context, startHooks, (hook) =>
    emit({ type: 'hook-finished', hook: 'on-run-start', index: hook.index, total: hook.total, status: hook.status, message: hook.message, execution_time: hook.executionTime }),
  );
  if (startError !== null) hookErrors.push(`on-run-start: ${startError}`);

  const skip = (id: string, reason: string): void => {
    const node = manifest.nodes[id]!;
    const result: NodeResult = {
      unique_id: id,
      resource_type: node.resource_type,
      name: node.name,
      status: 'skipped',
      message: `SKIP (${reason})`,
      kind: nodeKind(node),
      timing: [],
      thread_id: 'main',
      execution_time: 0,
      failures: null,
      relation_name: node.relation_name ?? null,
      display_name: nodeDisplayName(node),
      skip_reason: reason,
      file: node.original_file_path,
    };
    results.set(id, result);
    counter += 1;
    emit({ type: 'node-finished', index: counter, total, result });
  };

  // unit tests first, as dbt's build does: a model whose unit test fails is not built
  const unitTests = (options.unitTests ?? []).map((id) => manifest.unit_tests[id]).filter((test) => test !== undefined);
  const blocked = new Map<string, string>();
  const unitResults: NodeResult[] = [];
  if (startError === null && unitTests.length > 0 && !options.signal?.aborted) {
    const { runUnitTest, unitTestDisplayName } = await import('./unit-tests.js');
    for (const test of unitTests) {
      const index = unitResults.length + 1;
      emit({ type: 'node-started', index, total: unitTests.length, uniqueId: test.unique_id, kind: 'unit_test', displayName: unitTestDisplayName(test), resourceType: 'unit_test' });
      const result = await runUnitTest(context, manifest, test, 0);
      unitResults.push(result);
      emit({ type: 'node-finished', index, total: unitTests.length, result });
      if (options.command === 'build' && (result.status === 'fail' || result.status === 'error')) blocked.set(test.depends_on.nodes[0]!, test.unique_id);
    }
  }

  if (startError !== null) {
    for (const id of plan.ids) skip(id, 'on-run-start hook failed');
  } else {
    await runDag({
      ids: plan.ids,
      parents: plan.parents,
      threads,
      failFast: options.failFast,
      signal: options.signal,
      run: async (id, thread) => {
        const node = manifest.nodes[id]!;
        const failedUnitTest = blocked.get(id);
        if (failedUnitTest !== undefined) {
          skip(id, `unit test failed: ${failedUnitTest}`);
          return false;
        }
        counter += 1;
        const index = counter;
        emit({ type: 'node-started', index, total, uniqueId: id, kind: nodeKind(node), displayName: nodeDisplayName(node), resourceType: node.resource_type });
        const result = await executeNode(context, node, thread);
        results.set(id, result);
        emit({ type: 'node-finished', index, total, result });
        // dbt skips the downstream of an error, a failure and a partial success (a microbatch model with failed batches)
        return result.status !== 'error' && result.status !== 'fail' && result.status !== 'partial success';
      },
      skip: (id, reason) => skip(id, describeSkipReason(reason)),
    });
  }

  const interrupted = options.signal?.aborted === true;
  if (!interrupted) {
    const endError = await runProjectHooks(context, options.onRunEnd ?? projectHooks(manifest, 'on-run-end'), (hook) =>
      emit({ type: 'hook-finished', hook: 'on-run-end', index: hook.index, total: hook.total, status: hook.status, message: hook.message, execution_time: hook.executionTime }),
    );
    if (endError !== null) hookErrors.push(`on-run-end: ${endError}`);
  }

  const runResults: RunResults = {
    command: options.command,
    results: [...unitResults, ...plan.ids.map((id) => results.get(id)).filter((result): result is NodeResult => result !== undefined)],
    elapsed_time: (performance.now() - started) / 1000,
    generated_at: new Date().toISOString(),
    invocation_id: randomUUID(),
    hookErrors,
    interrupted,
    args: {
      which: options.command,
      threads,
      full_refresh: options.fullRefresh === true,
      fail_fast: options.failFast === true,
      select: [...options.select].sort(),
      ...(options.storeFailures || options.storeFailuresSchema !== undefined ? { store_failures: true } : {}),
    },
  };
  await writeRunResults(runResults, options.targetDir);
  emit({ type: 'run-finished', results: runResults });
  return runResults;
}
