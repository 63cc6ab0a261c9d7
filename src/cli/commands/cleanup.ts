/**
 * `dailies cleanup --pr N | --branch b`: drops the schemas a pull request's check created.
 * `dailies cleanup --stale`: drops the staging schemas killed promotions left in production.
 * `dailies cleanup --older-than 7d [--keep-open 12,15]`: the janitor (see review/janitor.ts).
 */
import { DailiesError } from '../../errors.js';
import { parsePullRequestNumber } from '../../review/pr-schema.js';
import { parseDuration } from '../../review/duration.js';
import { booleanFlag, pullRequestFlag, stringFlag, type ParsedArgs } from '../args.js';
import type { Command, CommandIO } from '../command.js';
import { projectLocation } from '../session.js';

export const cleanupCommand: Command = {
  name: 'cleanup',
  summary: "drop a pull request's schemas (after it is closed), with --older-than those of PRs long gone, or with --stale the leftovers of killed promotions",
  flags: [
    { name: 'pr', kind: 'string', description: 'pull request number' },
    { name: 'branch', kind: 'string', description: 'branch name (when the check ran without a PR number)' },
    { name: 'stale', kind: 'boolean', description: "drop the staging schemas (<schema>_wap_*) of killed or abandoned promotions" },
    { name: 'older-than', kind: 'string', description: 'janitor: drop PR schemas (DuckDB: PR database files) unchanged for this long: 30m, 12h, 7d' },
    { name: 'keep-open', kind: 'string', description: 'janitor: the open PR numbers (comma-separated); pr_<n> schemas of any other PR are dropped' },
    { name: 'dry-run', kind: 'boolean', description: 'janitor: list what would be dropped, drop nothing' },
    { name: 'prod-target', kind: 'string', description: "as given to 'dailies ci' (default: prod, else --target)" },
  ],
  async run(args, io) {
    const prNumber = pullRequestFlag(args, 'pr');
    const branch = stringFlag(args, 'branch');
    const stale = booleanFlag(args, 'stale');
    const olderThan = stringFlag(args, 'older-than');
    const keepOpenText = stringFlag(args, 'keep-open');
    const janitor = olderThan !== undefined || keepOpenText !== undefined;
    if (prNumber === undefined && branch === undefined && !stale && !janitor) {
      throw new DailiesError('usage', "'dailies cleanup' needs --pr, --branch, --older-than, --keep-open or --stale", {
        hint: 'e.g. dailies cleanup --pr 12, dailies cleanup --older-than 7d, or dailies cleanup --stale',
      });
    }
    if (janitor && (prNumber !== undefined || branch !== undefined)) {
      throw new DailiesError('usage', '--older-than/--keep-open clean up every pull request: they do not go with --pr or --branch', {
        hint: 'run them as two commands',
      });
    }
    if (booleanFlag(args, 'dry-run') && !janitor) {
      throw new DailiesError('usage', '--dry-run goes with --older-than or --keep-open', { hint: 'e.g. dailies cleanup --older-than 7d --dry-run' });
    }
    if (stale) {
      const { cleanupStale } = await import('../../review/staging-schemas.js');
      const result = await cleanupStale({ ...projectLocation(args, io), prodTarget: stringFlag(args, 'prod-target') });
      if (result.dropped.length === 0) io.stdout(`nothing stale: no staging schema ${result.schema}_wap_* exists\n`);
      else io.stdout(`dropped ${result.dropped.length} stale staging schema${result.dropped.length === 1 ? '' : 's'}: ${result.dropped.join(', ')}\n`);
      if (prNumber === undefined && branch === undefined && !janitor) return 0;
    }
    if (janitor) return runJanitor(args, io, olderThan, keepOpenText);
    const { cleanupReview } = await import('../../review/cleanup.js');
    const result = await cleanupReview({ ...projectLocation(args, io), prNumber, branch, prodTarget: stringFlag(args, 'prod-target') });
    if (result.dropped.length === 0) io.stdout(`nothing to drop: schema ${result.schema} does not exist\n`);
    else io.stdout(`dropped ${result.dropped.length} schema${result.dropped.length === 1 ? '' : 's'}: ${result.dropped.join(', ')}\n`);
    return 0;
  },
};

/** `--keep-open 12,15` (commas and/or spaces; an empty value: no PR is open). */
export function parseKeepOpen(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .map((part) => parsePullRequestNumber(part, '--keep-open'));
}

async function runJanitor(args: ParsedArgs, io: CommandIO, olderThan: string | undefined, keepOpenText: string | undefined): Promise<number> {
  const olderThanMs = olderThan === undefined ? undefined : parseDuration(olderThan);
  const keepOpen = keepOpenText === undefined ? undefined : parseKeepOpen(keepOpenText);
  const dryRun = booleanFlag(args, 'dry-run');
  const { cleanupOld } = await import('../../review/janitor.js');
  const result = await cleanupOld({ ...projectLocation(args, io), olderThanMs, keepOpen, dryRun, prodTarget: stringFlag(args, 'prod-target') });
  const what = result.warehouse === 'duckdb' ? 'PR database file' : 'PR schema';
  const verb = dryRun ? 'would drop' : 'dropped';
  if (result.dropped.length === 0) io.stdout(`nothing to drop: ${result.kept.length} ${what}${result.kept.length === 1 ? '' : 's'} kept\n`);
  else io.stdout(`${verb} ${result.dropped.length} ${what}${result.dropped.length === 1 ? '' : 's'}:\n`);
  for (const { leftover, reason } of result.dropped) io.stdout(`  ${leftover.label} (${reason})\n`);
  for (const { leftover, reason } of result.kept) io.stdout(`  kept ${leftover.label} (${reason})\n`);
  return 0;
}
