/**
 * The name of a pull request's throw-away schema: `pr_<number>`, or, from a branch name,
 * the name folded to `[a-z0-9_]`, capped, with a short hash so that different branches
 * never share a schema (`pr_feature_x_1a2b3c`). Callers still quote it in SQL.
 */
import { createHash } from 'node:crypto';
import { DailiesError } from '../errors.js';

/** Snowflake and DuckDB both allow 255; stay well below so custom-schema suffixes fit. */
const MAX_BRANCH_PART = 40;

export interface PrIdentity {
  number?: number | null;
  branch?: string | null;
}

export function prSchemaName(identity: PrIdentity): string {
  if (identity.number !== undefined && identity.number !== null) {
    if (!Number.isInteger(identity.number) || identity.number < 1) {
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
