/**
 * `dailies cleanup --older-than 7d [--keep-open 12,15]`: the janitor. Drops what pull request
 * checks left behind when no `cleanup --pr N` ran (a closed event lost, a deleted workflow):
 * - on Snowflake the PR schemas (`pr_<n>`, `pr_<branch>_<hash>` and their variants such as
 *   `pr_12_marts`) in the review target's database, aged by information_schema.schemata;
 * - on DuckDB the PR review database files (`<production>__pr_<n>.duckdb` beside production),
 *   aged by file modification time.
 * Only names of the PR schema form are ever considered; production's own schema and the state
 * schema are never dropped, whatever their name.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DailiesError } from '../errors.js';
import type { TargetConfig } from '../project/types.js';
import { discardReviewSession, openAdapter } from '../warehouse/index.js';
import { belongsToPrSchema } from './pr-schema.js';
import { loadReviewProject, productionTarget, type ProjectLocation } from './targets.js';

/** Any name `prSchemaName` produces, with or without a variant suffix. */
const PR_SCHEMA = /^pr_[a-z0-9_]+$/i;
/** A numbered PR schema and its variants (`pr_12`, `pr_12_marts`): the PR number. */
const NUMBERED = /^pr_([1-9][0-9]{0,8})(?:_|$)/i;
const STATE_SCHEMA = 'dailies_state';

export interface JanitorOptions extends ProjectLocation {
  /** Drop what has not changed for this long (milliseconds). */
  olderThanMs?: number;
  /** The open pull requests: numbered PR schemas of any other number are dropped, these never. */
  keepOpen?: number[];
  prodTarget?: string;
  /** List what would be dropped without dropping it. */
  dryRun?: boolean;
  /** For tests: the current time. */
  now?: Date;
}

export interface Leftover {
  /** The schema name, or for DuckDB the PR part of the file name (`pr_12`). */
  name: string;
  /** What is dropped: `database.schema`, or the file's path. */
  label: string;
  changedAt: Date | null;
}

export interface JanitorDecision {
  leftover: Leftover;
  drop: boolean;
  reason: string;
}

export interface JanitorResult {
  warehouse: string;
  dropped: JanitorDecision[];
  kept: JanitorDecision[];
  dryRun: boolean;
}

/** The PR number a PR schema name carries (`pr_12_marts` → 12), or null (branch-named schemas). */
export function prNumberOf(name: string): number | null {
  const match = NUMBERED.exec(name);
  return match ? Number(match[1]) : null;
}

export function isPrSchemaLike(name: string): boolean {
  return PR_SCHEMA.test(name);
}

/**
 * Which leftovers to drop. A numbered one is dropped when `keepOpen` is given and its PR is not
 * in it (the PR is gone), or when it (with all its variants: the newest counts) is older than
 * `olderThanMs`; a PR in `keepOpen` is always kept. A branch-named one is judged by age only.
 * A leftover without a known time is never dropped for age.
 */
export function decide(leftovers: Leftover[], options: { olderThanMs?: number; keepOpen?: number[]; now: Date }): JanitorDecision[] {
  const open = options.keepOpen ? new Set(options.keepOpen) : null;
  const newestOf = new Map<number, number>();
  for (const { name, changedAt } of leftovers) {
    const number = prNumberOf(name);
    if (number !== null && changedAt) newestOf.set(number, Math.max(newestOf.get(number) ?? 0, changedAt.getTime()));
  }
  return leftovers.map((leftover) => {
    const number = prNumberOf(leftover.name);
    if (number !== null && open?.has(number)) return { leftover, drop: false, reason: `PR #${number} is open` };
    if (number !== null && open) return { leftover, drop: true, reason: `PR #${number} is not open` };
    const newest = number !== null ? newestOf.get(number) : leftover.changedAt?.getTime();
    if (options.olderThanMs === undefined) return { leftover, drop: false, reason: 'no PR number in the name and no --older-than' };
    if (newest === undefined) return { leftover, drop: false, reason: 'age unknown' };
    const age = options.now.getTime() - newest;
    const hours = (age / 3_600_000).toFixed(1);
    return age > options.olderThanMs
      ? { leftover, drop: true, reason: `unchanged for ${hours} h` }
      : { leftover, drop: false, reason: `changed ${hours} h ago` };
  });
}

export async function cleanupOld(options: JanitorOptions): Promise<JanitorResult> {
  if (options.olderThanMs === undefined && options.keepOpen === undefined) {
    throw new DailiesError('usage', 'the janitor needs --older-than or --keep-open', { hint: 'e.g. dailies cleanup --older-than 7d' });
  }
  const loaded = await loadReviewProject(options);
  const production = productionTarget(loaded, options, options.prodTarget);
  const now = options.now ?? new Date();
  const settle = (decisions: JanitorDecision[]) => ({
    warehouse: production.type,
    dropped: decisions.filter((decision) => decision.drop),
    kept: decisions.filter((decision) => !decision.drop),
    dryRun: options.dryRun === true,
  });
  if (production.type === 'duckdb') {
    const decisions = decide(duckdbLeftovers(production), { ...options, now });
    if (!options.dryRun) {
      for (const { leftover } of decisions.filter((decision) => decision.drop)) {
        discardReviewSession({ production, reviewer: loaded.target, name: leftover.name });
      }
    }
    return settle(decisions);
  }
  // Snowflake: PR schemas live where the review target builds them
  const reviewer = loaded.target;
  const adapter = await openAdapter(reviewer);
  try {
    if (!adapter.schemaChangeTimes) {
      throw new DailiesError('config', `target '${reviewer.name}' (${reviewer.type}) does not record when schemas change: the janitor cannot age them`, {
        hint: 'use dailies cleanup --pr <number> for one pull request',
      });
    }
    // production's schema with its variants and staging schemas, the review target's own schema, the state schema
    const productionSchema = adapter.normalizeIdentifier(String(production.schema));
    const exact = new Set([String(reviewer.schema), STATE_SCHEMA].map((name) => adapter.normalizeIdentifier(name).toLowerCase()));
    const isProtected = (schema: string) => belongsToPrSchema(schema, productionSchema) || exact.has(schema.toLowerCase());
    const database = adapter.defaultDatabase;
    const leftovers = (await adapter.schemaChangeTimes(null))
      .filter(({ schema }) => isPrSchemaLike(schema) && !isProtected(schema))
      .map(({ schema, changedAt }) => ({ name: schema, label: database ? `${database}.${schema}` : schema, changedAt }));
    const decisions = decide(leftovers, { ...options, now });
    if (!options.dryRun) {
      for (const { leftover } of decisions.filter((decision) => decision.drop)) await adapter.dropSchema(null, leftover.name);
    }
    return settle(decisions);
  } finally {
    await adapter.close();
  }
}

/** The PR review database files beside production's DuckDB file (see reviewDatabasePath). */
function duckdbLeftovers(production: TargetConfig): Leftover[] {
  const path = typeof production.path === 'string' ? resolve(production.path) : '';
  if (path === '' || path === resolve(':memory:')) return [];
  const directory = dirname(path);
  const prefix = `${basename(path).replace(/\..*$/, '')}__`;
  let files: string[];
  try {
    files = readdirSync(directory);
  } catch {
    return [];
  }
  const leftovers: Leftover[] = [];
  for (const file of files) {
    if (!file.startsWith(prefix) || !file.endsWith('.duckdb')) continue;
    const name = file.slice(prefix.length, -'.duckdb'.length);
    if (!isPrSchemaLike(name)) continue;
    const full = join(directory, file);
    const times = [full, `${full}.wal`].map((candidate) => {
      try {
        return statSync(candidate).mtimeMs;
      } catch {
        return 0;
      }
    });
    leftovers.push({ name, label: full, changedAt: new Date(Math.max(...times)) });
  }
  return leftovers.sort((a, b) => a.name.localeCompare(b.name));
}
