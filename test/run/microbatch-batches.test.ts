/**
 * The batches of a microbatch model, as dbt-core 1.11's MicrobatchBuilder makes them (the
 * examples of its docstrings), and the CLI's --event-time-start/--event-time-end checks (dbt's
 * messages).
 */
import { describe, expect, it } from 'vitest';
import { eventTimeWindow } from '../../src/cli/event-time-flags.js';
import type { ParsedArgs } from '../../src/cli/args.js';
import { batchId, ceiling, formatBatchStart, offset, parseTimestamp, planBatches, truncate, type BatchSize } from '../../src/run/materializations/microbatch/batches.js';

const at = (text: string): Date => new Date(`${text}Z`);
const iso = (moment: Date): string => moment.toISOString().replace('.000Z', '');

describe('microbatch batch arithmetic', () => {
  it("truncates, offsets and ceils as dbt's docstrings say", () => {
    const moment = at('2024-09-17T16:06:00');
    const cases: [BatchSize, string, string, string, string][] = [
      ['hour', '2024-09-17T16:00:00', '2024-09-17T15:00:00', '2024-09-17T17:00:00', '2024-09-17T17:00:00'],
      ['day', '2024-09-17T00:00:00', '2024-09-16T00:00:00', '2024-09-18T00:00:00', '2024-09-18T00:00:00'],
      ['month', '2024-09-01T00:00:00', '2024-08-01T00:00:00', '2024-10-01T00:00:00', '2024-10-01T00:00:00'],
      ['year', '2024-01-01T00:00:00', '2023-01-01T00:00:00', '2025-01-01T00:00:00', '2025-01-01T00:00:00'],
    ];
    for (const [size, truncated, before, after, ceiled] of cases) {
      expect([iso(truncate(moment, size)), iso(offset(moment, size, -1)), iso(offset(moment, size, 1)), iso(ceiling(moment, size))]).toEqual([truncated, before, after, ceiled]);
    }
    expect(iso(ceiling(at('2024-09-01T00:00:00'), 'month'))).toBe('2024-09-01T00:00:00');
    expect(iso(offset(at('2024-03-31T10:00:00'), 'month', -1))).toBe('2024-02-01T00:00:00');
  });

  it('names batches as dbt does', () => {
    const start = at('2024-09-17T16:00:00');
    expect(['hour', 'day', 'month', 'year'].map((size) => formatBatchStart(start, size as BatchSize))).toEqual(['2024-09-17T16', '2024-09-17', '2024-09', '2024']);
    expect(batchId(start, 'day')).toBe('20240917');
  });

  it('covers begin to now on a first run, the lookback window on a later one, the given window with --event-time-*', () => {
    const base = { batchSize: 'day' as const, begin: at('2024-09-14T08:00:00'), lookback: 1, now: at('2024-09-17T16:06:00') };
    const days = (batches: { start: Date; end: Date }[]) => batches.map((batch) => [iso(batch.start).slice(0, 10), iso(batch.end).slice(0, 10)]);
    expect(days(planBatches({ ...base, isIncremental: false }))).toEqual([
      ['2024-09-14', '2024-09-15'],
      ['2024-09-15', '2024-09-16'],
      ['2024-09-16', '2024-09-17'],
      ['2024-09-17', '2024-09-18'],
    ]);
    expect(days(planBatches({ ...base, isIncremental: true }))).toEqual([
      ['2024-09-16', '2024-09-17'],
      ['2024-09-17', '2024-09-18'],
    ]);
    expect(days(planBatches({ ...base, isIncremental: true, lookback: 0 }))).toEqual([['2024-09-17', '2024-09-18']]);
    expect(days(planBatches({ ...base, isIncremental: true, eventTimeStart: at('2024-09-01T05:00:00'), eventTimeEnd: at('2024-09-03T00:00:00') }))).toEqual([
      ['2024-09-01', '2024-09-02'],
      ['2024-09-02', '2024-09-03'],
    ]);
  });

  it('reads begin and the flags as dbt does: a date, or a date and time, as UTC', () => {
    expect(parseTimestamp('2024-09-01')?.toISOString()).toBe('2024-09-01T00:00:00.000Z');
    expect(parseTimestamp('2024-09-01 06:30:00')?.toISOString()).toBe('2024-09-01T06:30:00.000Z');
    expect(parseTimestamp('2024-09-01T06:30:00+02:00')?.toISOString()).toBe('2024-09-01T06:30:00.000Z');
    expect(parseTimestamp('2024-02-30')).toBeNull();
    expect(parseTimestamp('yesterday')).toBeNull();
  });
});

describe('--event-time-start / --event-time-end', () => {
  const args = (flags: Record<string, string>): ParsedArgs => ({ command: 'run', positional: [], flags });

  it('are given together, start before end', () => {
    expect(eventTimeWindow(args({}))).toEqual({});
    expect(eventTimeWindow(args({ 'event-time-start': '2024-09-01', 'event-time-end': '2024-09-03T00:00:00' }))).toEqual({ eventTimeStart: at('2024-09-01T00:00:00'), eventTimeEnd: at('2024-09-03T00:00:00') });
    expect(() => eventTimeWindow(args({ 'event-time-start': '2024-09-01' }))).toThrow('The flag `--event-time-start` was specified, but `--event-time-end` was not.');
    expect(() => eventTimeWindow(args({ 'event-time-end': '2024-09-01' }))).toThrow('The flag `--event-time-end` was specified, but `--event-time-start` was not.');
    expect(() => eventTimeWindow(args({ 'event-time-start': '2024-09-03', 'event-time-end': '2024-09-01' }))).toThrow('Value for `--event-time-start` must be less than `--event-time-end`');
    expect(() => eventTimeWindow(args({ 'event-time-start': 'soon', 'event-time-end': '2024-09-01' }))).toThrow("--event-time-start 'soon' is not a date or timestamp");
  });
});
