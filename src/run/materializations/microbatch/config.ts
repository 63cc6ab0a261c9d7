/**
 * A microbatch model's config, checked as dbt-core 1.11 checks it (its messages): `event_time`
 * (the model's event time column), `batch_size` (hour, day, month or year) and `begin` (an ISO
 * timestamp) are required; `lookback` (default 1) is an integer; `concurrent_batches` a boolean.
 * dbt refuses these at parse; dailies fails the model with its file and a hint.
 */
import { DailiesError } from '../../../errors.js';
import type { ManifestNode } from '../../../graph/types.js';
import { BATCH_SIZES, parseTimestamp, type BatchSize } from './batches.js';

export interface MicrobatchConfig {
  eventTime: string;
  batchSize: BatchSize;
  begin: Date;
  lookback: number;
}

export function isMicrobatch(node: ManifestNode): boolean {
  return node.config.materialized === 'incremental' && String(node.config.incremental_strategy ?? '').toLowerCase() === 'microbatch';
}

export function microbatchConfig(node: ManifestNode): MicrobatchConfig {
  const config = node.config as Record<string, unknown>;
  const fail = (message: string, hint: string): DailiesError => new DailiesError('config', message, { place: node.dailies.place, hint });
  const eventTime = config.event_time;
  if (eventTime === null || eventTime === undefined || eventTime === '') {
    throw fail(`Microbatch model '${node.name}' must provide an 'event_time' (string) config that indicates the name of the event time column.`, "set event_time='<column>' in the model's config (the column its rows are batched on)");
  }
  if (typeof eventTime !== 'string') throw fail(`Microbatch model '${node.name}' must provide an 'event_time' config of type string, but got: ${JSON.stringify(eventTime)}.`, "set event_time to a column name, e.g. event_time='created_at'");
  const rawBegin = config.begin;
  if (rawBegin === null || rawBegin === undefined || rawBegin === '') {
    throw fail(`Microbatch model '${node.name}' must provide a 'begin' (datetime) config that indicates the earliest timestamp the microbatch model should be built from.`, "set begin='2024-01-01' (ISO format) in the model's config");
  }
  const begin = parseTimestamp(rawBegin);
  if (!begin) throw fail(`Microbatch model '${node.name}' must provide a 'begin' config of valid datetime (ISO format), but got: ${String(rawBegin)}.`, "write begin as an ISO date or timestamp, e.g. '2024-01-01' or '2024-01-01T00:00:00'");
  const batchSize = config.batch_size;
  if (typeof batchSize !== 'string' || !(BATCH_SIZES as readonly string[]).includes(batchSize)) {
    throw fail(`Microbatch model '${node.name}' must provide a 'batch_size' config that is one of ['hour', 'day', 'month', 'year'], but got: ${batchSize === null || batchSize === undefined ? 'None' : String(batchSize)}.`, "set batch_size='day' (or 'hour', 'month', 'year') in the model's config");
  }
  const lookback = config.lookback ?? 1;
  if (typeof lookback !== 'number' || !Number.isInteger(lookback)) throw fail(`Microbatch model '${node.name}' must provide the optional 'lookback' config as type int, but got: ${JSON.stringify(lookback)}.`, 'set lookback to a whole number of batches (default 1)');
  const concurrent = config.concurrent_batches;
  if (concurrent !== null && concurrent !== undefined && typeof concurrent !== 'boolean') {
    throw fail(`Microbatch model '${node.name}' optional 'concurrent_batches' config must be of type \`bool\` if specified, but got: ${JSON.stringify(concurrent)}.`, 'set concurrent_batches to true or false, or leave it out');
  }
  return { eventTime, batchSize: batchSize as BatchSize, begin, lookback };
}
