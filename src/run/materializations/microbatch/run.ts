/**
 * dbt's `microbatch` incremental strategy (dbt-core 1.11): the model is built batch by batch, each
 * batch rendered on its own (`model.batch` set, refs and sources configuring `event_time` filtered
 * to the batch) and written on its own. When the table does not exist yet (or a full refresh is
 * asked for) the first batch builds it as a table; every other batch stages its rows, reconciles
 * the columns (`on_schema_change`), then replaces its window of the table in one transaction
 * (`Adapter.replaceBatch`, or the project's own `get_incremental_microbatch_sql`). A failing batch
 * fails alone; when the first fails the rest are skipped (counted failed), as dbt does. Pre-hooks
 * run before the first batch, post-hooks after the last one when it succeeded. Batches run one
 * after another (`concurrent_batches` is read and checked, not used).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compiledFilePath } from '../../../compiler/compiled-files.js';
import { DailiesError, describeError } from '../../../errors.js';
import type { ManifestNode } from '../../../graph/types.js';
import { artifactText } from '../../../redact/artifacts.js';
import type { BatchWindow, Relation } from '../../../warehouse/adapter.js';
import type { RunRuntime } from '../../../compiler/api.js';
import type { RunContext } from '../../context.js';
import { displayName, relationOf } from '../../context.js';
import { runNodeHooks } from '../../hooks.js';
import type { BatchResults, NodeOutcome } from '../../types.js';
import { incrementalApplies, stagedColumnMetas, uniqueKeyColumns, withStagedRows } from '../incremental.js';
import { buildTableAtomically } from '../table.js';
import { writeOptions } from '../write-options.js';
import { batchId, formatBatchStart, planBatches, pythonDatetimeText, type Batch } from './batches.js';
import { microbatchConfig, type MicrobatchConfig } from './config.js';

export async function materializeMicrobatch(context: RunContext, node: ManifestNode): Promise<NodeOutcome> {
  const config = microbatchConfig(node);
  const options = context.options;
  // checked before anything runs: a bad value fails the model with its place
  writeOptions(node);
  if (context.adapter.capabilities?.microbatchUniqueKey === false && uniqueKeyColumns(node).length > 0) {
    // dbt-duckdb's refusal, word for word
    throw new DailiesError('config', "microbatch incremental strategy does not support 'unique_key'. Microbatch runs delete+insert per batch based on 'event_time' and does not do key-based upserts. Remove 'unique_key' or use incremental_strategy='merge'.", {
      place: node.dailies.place,
      hint: `remove unique_key from model '${node.name}' (each batch replaces the rows of its event_time window)`,
    });
  }
  const target = relationOf(node);
  const isIncremental = await incrementalApplies(context, node);
  const batches = planBatches({
    batchSize: config.batchSize,
    begin: config.begin,
    lookback: config.lookback,
    isIncremental,
    now: options.invokedAt ?? new Date(),
    ...(options.eventTimeStart ? { eventTimeStart: options.eventTimeStart } : {}),
    ...(options.eventTimeEnd ? { eventTimeEnd: options.eventTimeEnd } : {}),
  });
  await context.ensureSchema(node.database, node.schema);
  await runNodeHooks(context, node, 'pre', isIncremental);

  const results: BatchResults = { successful: [], failed: [] };
  const errors: string[] = [];
  let exists = isIncremental;
  let skipRest = false;
  let lastWritten = false;
  const display = displayName(target);
  for (const [index, batch] of batches.entries()) {
    const bounds: [string, string] = [pythonDatetimeText(batch.start, 'T'), pythonDatetimeText(batch.end, 'T')];
    const name = formatBatchStart(batch.start, config.batchSize);
    const started = performance.now();
    const report = (status: 'success' | 'error' | 'skipped'): void =>
      options.onEvent?.({ type: 'batch-finished', uniqueId: node.unique_id, displayName: display, index: index + 1, total: batches.length, batch: name, status, execution_time: (performance.now() - started) / 1000 });
    lastWritten = false;
    if (skipRest) {
      results.failed.push(bounds);
      report('skipped');
      continue;
    }
    try {
      await writeBatch(context, node, config, target, batch, exists);
      exists = true;
      lastWritten = true;
      results.successful.push(bounds);
      report('success');
    } catch (error) {
      results.failed.push(bounds);
      errors.push(`${name}: ${describeError(error)}`);
      report('error');
      // dbt runs the other batches only once the first one succeeded
      if (index === 0) skipRest = true;
    }
  }
  if (lastWritten) await runNodeHooks(context, node, 'post', true);

  const relationName = context.adapter.renderRelation(target);
  const [done, total] = [results.successful.length, batches.length];
  if (done === total) return { status: 'success', message: 'SUCCESS', relationName, batchResults: results };
  if (done === 0) return { status: 'error', message: errors.join('\n'), relationName, batchResults: results, batchErrors: errors };
  return { status: 'partial success', message: `PARTIAL SUCCESS (${done}/${total})`, relationName, batchResults: results, batchErrors: errors };
}

/** Renders one batch and writes it: a new table from the first batch, else its window replaced. */
async function writeBatch(context: RunContext, node: ManifestNode, config: MicrobatchConfig, target: Relation, batch: Batch, exists: boolean): Promise<void> {
  const runtime: RunRuntime = { isIncremental: exists, adapter: context.adapter, batch: { id: batchId(batch.start, config.batchSize), start: batch.start, end: batch.end } };
  const sql = await context.compiler.compileForRun(node.unique_id, runtime);
  if (context.options.targetDir) await writeBatchFile(node, formatBatchStart(batch.start, config.batchSize), sql, context.options.targetDir).catch(() => undefined);
  if (!exists) {
    await buildTableAtomically(context, node, target, sql);
    return;
  }
  const { adapter } = context;
  const options = writeOptions(node);
  await withStagedRows(context, node, target, sql, options.sqlHeader, async (staged, columns) => {
    // a project's (or package's) get_incremental_microbatch_sql is the strategy, as in dbt
    const macro = context.compiler.strategyMacro('microbatch');
    if (macro) {
      const metas = await stagedColumnMetas(adapter, staged, columns);
      await adapter.execute(await context.compiler.renderStrategy(node.unique_id, macro, { target, temp: staged, columns: metas }, runtime));
      return;
    }
    const window: BatchWindow = { eventTime: config.eventTime, start: pythonDatetimeText(batch.start), end: pythonDatetimeText(batch.end) };
    await adapter.replaceBatch(target, staged, window, columns, options);
  });
}

/** dbt's compiled file of one batch: `target/compiled/<package>/models/<name>/<name>_<batch start>.sql`. */
async function writeBatchFile(node: ManifestNode, suffix: string, sql: string, targetDir: string): Promise<void> {
  const path = join(compiledFilePath(node, targetDir).replace(/\.sql$/, ''), `${node.name}_${suffix}.sql`);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, artifactText(sql));
}
