/**
 * The name of a pull request's throw-away schema: `pr_<number>`, or, from a branch name,
 * the name folded to `[a-z0-9_]`, capped, with a short hash so that different branches
 * never share a schema (`pr_feature_x_1a2b3c`). Callers still quote it in SQL.
 */
import { createHash } from 'node:crypto';
import { DailiesError } from '../errors.js';

/** Snowflake and DuckDB both allow 255; stay well below so custom-schema suffixes fit. */
const MAX_BRANCH_PART = 40;

/** The largest pull request number accepted: far above any repository's, far below float trouble. */
export const MAX_PR_NUMBER = 999_999_999;

/** True for a pull request number: a whole number from 1 to MAX_PR_NUMBER. */
export function isPullRequestNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= MAX_PR_NUMBER;
}

/**
 * A pull request number as typed: decimal digits only, no sign, no leading zero, no spaces, at most
 * MAX_PR_NUMBER. `0x10`, `0b111`, `1e3`, ` 7`, `-1`, `007` and `7.0` are refused, never read as
 * another number (cleanup would drop another pull request's schema).
 */
export function parsePullRequestNumber(text: string, what = '--pr'): number {
  const value = Number(text);
  if (!/^[1-9][0-9]{0,8}$/.test(text) || !isPullRequestNumber(value)) {
    throw new DailiesError('usage', `${what} must be a pull request number (decimal digits, 1 to ${MAX_PR_NUMBER}, no leading zero); got '${text}'`, {
      hint: 'pass the number as GitHub shows it, e.g. --pr 12',
    });
  }
  return value;
}

export interface PrIdentity {
  number?: number | null;
  branch?: string | null;
}

export function prSchemaName(identity: PrIdentity): string {
  if (identity.number !== undefined && identity.number !== null) {
    if (!isPullRequestNumber(identity.number)) {
      throw new DailiesError('usage', `'${identity.number}' is not a pull request number`, { hint: 'pass a whole number, e.g. --pr 12' });
    }
    return `pr_${identity.number}`;
  }
  const branch = identity.branch ?? '';
  if (branch.trim() === '') {
    throw new DailiesError('usage', 'cannot name the pull request schema: no pull request number and no branch', {
      hint: 'pass --pr <number> or --branch <name>, or run on a checked-out branch',
    });
  }
  const folded = branch
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_BRANCH_PART)
    .replace(/_+$/, '');
  const hash = createHash('sha256').update(branch).digest('hex').slice(0, 6);
  return `pr_${folded ? `${folded}_` : ''}${hash}`;
}

/** True for the PR schema itself and its custom-schema variants (`pr_12`, `pr_12_marts`). */
export function belongsToPrSchema(schema: string, prSchema: string): boolean {
  const lower = schema.toLowerCase();
  const base = prSchema.toLowerCase();
  return lower === base || lower.startsWith(`${base}_`);
}
