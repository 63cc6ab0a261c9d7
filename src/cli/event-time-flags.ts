/**
 * `--event-time-start` / `--event-time-end` of `build` and `run` (dbt 1.9+): the window microbatch
 * models build instead of begin/lookback up to now. Both or neither, start before end, each a
 * date or timestamp (`2024-09-01`, `2024-09-01T06:00:00`, `2024-09-01 06:00:00`), read as UTC —
 * dbt's checks and messages.
 */
import { DailiesError } from '../errors.js';
import { parseTimestamp } from '../run/materializations/microbatch/batches.js';
import { stringFlag, type FlagSpec, type ParsedArgs } from './args.js';

export const eventTimeFlags: FlagSpec[] = [
  { name: 'event-time-start', kind: 'string', description: 'microbatch models: build the batches from this date or timestamp (inclusive, UTC; with --event-time-end)' },
  { name: 'event-time-end', kind: 'string', description: 'microbatch models: build the batches up to this date or timestamp (exclusive, UTC; with --event-time-start)' },
];

export function eventTimeWindow(args: ParsedArgs): { eventTimeStart?: Date; eventTimeEnd?: Date } {
  const [startText, endText] = [stringFlag(args, 'event-time-start'), stringFlag(args, 'event-time-end')];
  if (startText === undefined && endText === undefined) return {};
  if (startText === undefined) {
    throw new DailiesError('usage', 'The flag `--event-time-end` was specified, but `--event-time-start` was not. When specifying `--event-time-end`, `--event-time-start` must also be present.');
  }
  if (endText === undefined) {
    throw new DailiesError('usage', 'The flag `--event-time-start` was specified, but `--event-time-end` was not. When specifying `--event-time-start`, `--event-time-end` must also be present.');
  }
  const read = (flag: string, text: string): Date => {
    const moment = parseTimestamp(text);
    if (!moment) throw new DailiesError('usage', `--${flag} '${text}' is not a date or timestamp`, { hint: 'write e.g. 2024-09-01, 2024-09-01T06:00:00 or "2024-09-01 06:00:00"' });
    return moment;
  };
  const [eventTimeStart, eventTimeEnd] = [read('event-time-start', startText), read('event-time-end', endText)];
  if (eventTimeStart.getTime() >= eventTimeEnd.getTime()) throw new DailiesError('usage', 'Value for `--event-time-start` must be less than `--event-time-end`');
  return { eventTimeStart, eventTimeEnd };
}
