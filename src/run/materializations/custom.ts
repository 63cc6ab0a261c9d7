/**
 * A model built by a `{% materialization %}` block of the project or a package (or the root
 * project's override of one of dbt's own): the block runs just before the node, as dbt runs it,
 * and runs the node's hooks itself (`run_hooks(pre_hooks)` …), as in dbt.
 */
import type { MacroInfo } from '../../compiler/jinja/types.js';
import type { ManifestNode } from '../../graph/types.js';
import type { RunContext } from '../context.js';
import type { NodeOutcome } from '../types.js';
import type { CompiledStep } from './index.js';
import { incrementalApplies } from './incremental.js';

export async function materializeWithMacro(context: RunContext, node: ManifestNode, macro: MacroInfo, step: CompiledStep): Promise<NodeOutcome> {
  const isIncremental = node.config.materialized === 'incremental' && (await incrementalApplies(context, node));
  const runtime = { isIncremental, adapter: context.adapter };
  const sql = await context.compiler.compileForRun(node.unique_id, runtime);
  step.onCompiled(sql);
  await context.ensureSchema(node.database, node.schema);
  const run = await context.compiler.runMaterialization(node.unique_id, macro, sql, runtime);
  const code = run.response?.code;
  return { status: 'success', message: typeof code === 'string' && code !== '' ? code : 'OK', compiledCode: sql };
}
