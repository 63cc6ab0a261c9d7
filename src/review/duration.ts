/**
 * Durations as typed on the command line: a whole number and one unit, `30m`, `12h` or `7d`.
 * Nothing else is read as a duration (no `7`, `7 d`, `1.5d`, `7D`, `1w`, `-7d`): a janitor that
 * misread its age limit would drop schemas that are still in use.
 */
import { DailiesError } from '../errors.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The duration in milliseconds; throws a usage error naming `what` for anything else. */
export function parseDuration(text: string, what = '--older-than'): number {
  const match = /^([1-9][0-9]{0,5})([mhd])$/.exec(text);
  if (!match) {
    throw new DailiesError('usage', `${what} must be a duration like 30m, 12h or 7d (a whole number, then m, h or d); got '${text}'`, {
      hint: 'e.g. dailies cleanup --older-than 7d',
    });
  }
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}
