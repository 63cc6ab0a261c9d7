/** Builds one model with its materialization, pre-hooks before and post-hooks after. */
import { DailiesError } from '../../errors.js';
import type { ManifestNode } from '../../graph/types.js';
import type { RunContext } from '../context.js';
import { runNodeHooks } from '../hooks.js';
import type { NodeOutcome } from '../types.js';
import { materializeWithMacro } from './custom.js';
import { incrementalApplies, materializeIncremental } from './incremental.js';
import { isMicrobatch } from './microbatch/config.js';
import { materializeMicrobatch } from './microbatch/run.js';
import { materializeTable } from './table.js';
import { materializeView } from './view.js';
import { writeOptions } from './write-options.js';

export const MATERIALIZATIONS = ['view', 'table', 'incremental', 'ephemeral'] as const;

export interface CompiledStep {
  /** Called once the SQL is compiled, so the caller can record compile timing and the code. */
  onCompiled(sql: string): void;
}

export async function buildModel(context: RunContext, node: ManifestNode, step: CompiledStep): Promise<NodeOutcome> {
  const materialized = node.config.materialized;
  const choice = context.compiler.materializationFor(node.unique_id);
  if (choice?.kind === 'macro') return materializeWithMacro(context, node, choice.macro, step);
  if (materialized !== 'view' && materialized !== 'table' && materialized !== 'incremental') {
    if (choice) {
      throw new DailiesError('config', `dbt's materialization '${materialized}' (model '${node.name}') is not supported by dailies yet`, {
        place: node.dailies.place,
        hint: "use one of 'view', 'table', 'incremental', 'ephemeral', or a {% materialization %} block of your own",
      });
    }
    throw new DailiesError('config', `unknown materialization '${materialized}' on model '${node.name}'`, {
      place: node.dailies.place,
      hint: "use one of 'view', 'table', 'incremental', 'ephemeral', or define it with {% materialization " + materialized + ", default %} in a macro file",
    });
  }
  // a microbatch model renders and writes batch by batch (its hooks around the batches)
  if (materialized === 'incremental' && isMicrobatch(node)) return materializeMicrobatch(context, node);
  const isIncremental = materialized === 'incremental' && (await incrementalApplies(context, node));
  const sql = await context.compiler.compileForRun(node.unique_id, { isIncremental, adapter: context.adapter });
  // checked before anything runs: a bad value fails the model with its place
  writeOptions(node);
  step.onCompiled(sql);
  await context.ensureSchema(node.database, node.schema);
  await runNodeHooks(context, node, 'pre', isIncremental);
  let outcome: NodeOutcome;
  if (materialized === 'view') outcome = await materializeView(context, node, sql);
  else if (materialized === 'table') outcome = await materializeTable(context, node, sql);
  else outcome = await materializeIncremental(context, node, sql, isIncremental);
  await runNodeHooks(context, node, 'post', isIncremental);
  return { ...outcome, compiledCode: sql };
}
