/**
 * dbt's microbatch batches (dbt-core 1.11's MicrobatchBuilder), as pure functions over UTC
 * instants: the first run (or a full refresh) covers `begin` up to now; a later run covers the
 * last `lookback` batches before the current one, and the current one; `--event-time-start` /
 * `--event-time-end` replace both ends. Every bound is truncated to the batch size, except that
 * the end is moved up to the next boundary (the ceiling); the last batch ends at that end.
 */

export type BatchSize = 'hour' | 'day' | 'month' | 'year';

export const BATCH_SIZES: readonly BatchSize[] = ['hour', 'day', 'month', 'year'];

/** One batch: rows whose event time is in [start, end). */
export interface Batch {
  start: Date;
  end: Date;
}

export interface BatchPlanInput {
  batchSize: BatchSize;
  /** The model's `begin`, as UTC. */
  begin: Date;
  /** dbt's `lookback` (default 1). */
  lookback: number;
  /** True when the table exists and no full refresh is asked for. */
  isIncremental: boolean;
  /** The invocation's start time (dbt: `get_invocation_started_at()`). */
  now: Date;
  /** `--event-time-start` / `--event-time-end` (given together). */
  eventTimeStart?: Date;
  eventTimeEnd?: Date;
}

export function truncate(moment: Date, size: BatchSize): Date {
  const [y, m, d, h] = [moment.getUTCFullYear(), moment.getUTCMonth(), moment.getUTCDate(), moment.getUTCHours()];
  switch (size) {
    case 'hour':
      return new Date(Date.UTC(y, m, d, h));
    case 'day':
      return new Date(Date.UTC(y, m, d));
    case 'month':
      return new Date(Date.UTC(y, m, 1));
    case 'year':
      return new Date(Date.UTC(y, 0, 1));
  }
}

/** The truncated `moment` moved by `offset` batches. */
export function offset(moment: Date, size: BatchSize, by: number): Date {
  const start = truncate(moment, size);
  const [y, m, d, h] = [start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), start.getUTCHours()];
  switch (size) {
    case 'hour':
      return new Date(Date.UTC(y, m, d, h + by));
    case 'day':
      return new Date(Date.UTC(y, m, d + by));
    case 'month':
      return new Date(Date.UTC(y, m + by, 1));
    case 'year':
      return new Date(Date.UTC(y + by, 0, 1));
  }
}

/** The next batch boundary at or after `moment`. */
export function ceiling(moment: Date, size: BatchSize): Date {
  const truncated = truncate(moment, size);
  return truncated.getTime() === moment.getTime() ? truncated : offset(truncated, size, 1);
}

/** The batches a run covers, oldest first. */
export function planBatches(input: BatchPlanInput): Batch[] {
  const { batchSize: size } = input;
  const end = ceiling(input.eventTimeEnd ?? input.now, size);
  let start: Date;
  if (input.eventTimeStart) start = truncate(input.eventTimeStart, size);
  else if (!input.isIncremental) start = truncate(input.begin, size);
  else {
    // dbt's checkpoint is the end; an end on a boundary looks back one batch more
    const lookback = input.lookback + (end.getTime() === truncate(end, size).getTime() ? 1 : 0);
    start = offset(end, size, -lookback);
  }
  const batches: Batch[] = [{ start, end: offset(start, size, 1) }];
  while (batches[batches.length - 1]!.end.getTime() < end.getTime()) {
    const from = batches[batches.length - 1]!.end;
    batches.push({ start: from, end: offset(from, size, 1) });
  }
  batches[batches.length - 1] = { start: batches[batches.length - 1]!.start, end };
  return batches;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** dbt's `format_batch_start`: `2024`, `2024-09`, `2024-09-17` or `2024-09-17T16`. */
export function formatBatchStart(start: Date, size: BatchSize): string {
  const year = String(start.getUTCFullYear());
  if (size === 'year') return year;
  const month = `${year}-${pad(start.getUTCMonth() + 1)}`;
  if (size === 'month') return month;
  const day = `${month}-${pad(start.getUTCDate())}`;
  return size === 'day' ? day : `${day}T${pad(start.getUTCHours())}`;
}

/** dbt's `batch_id`: the formatted start without dashes (`20240917`). */
export function batchId(start: Date, size: BatchSize): string {
  return formatBatchStart(start, size).replace(/-/g, '');
}

/** Python's `str()` of an aware UTC datetime, as dbt renders batch bounds in SQL: `2024-09-17 00:00:00+00:00`. */
export function pythonDatetimeText(moment: Date, separator = ' '): string {
  const date = `${moment.getUTCFullYear()}-${pad(moment.getUTCMonth() + 1)}-${pad(moment.getUTCDate())}`;
  const time = `${pad(moment.getUTCHours())}:${pad(moment.getUTCMinutes())}:${pad(moment.getUTCSeconds())}`;
  const micros = moment.getUTCMilliseconds() * 1000;
  return `${date}${separator}${time}${micros ? `.${pad(micros, 6)}` : ''}+00:00`;
}

/**
 * A timestamp as dbt reads `begin` and `--event-time-start/-end`: its date and time fields taken
 * as UTC (an offset is ignored, as dbt's truncation does). Null when the text is not one.
 */
export function parseTimestamp(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = ''] = match;
  const moment = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Math.floor(Number(fraction.padEnd(6, '0')) / 1000)));
  // 2025-02-30 rolls over in Date.UTC: not a date
  if (moment.getUTCDate() !== Number(d) || moment.getUTCMonth() !== Number(mo) - 1) return null;
  return moment;
}
