/**
 * `dailies cleanup --pr N | --branch b`: drops the schemas a pull request's check created.
 * `dailies cleanup --stale`: drops the staging schemas killed promotions left in production.
 */
import { DailiesError } from '../../errors.js';
import { booleanFlag, pullRequestFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { projectLocation } from '../session.js';

export const cleanupCommand: Command = {
  name: 'cleanup',
  summary: "drop a pull request's schemas (after it is closed), or with --stale the leftovers of killed promotions",
  flags: [
    { name: 'pr', kind: 'string', description: 'pull request number' },
    { name: 'branch', kind: 'string', description: 'branch name (when the check ran without a PR number)' },
    { name: 'stale', kind: 'boolean', description: "drop the staging schemas (<schema>_wap_*) of killed or abandoned promotions" },
    { name: 'prod-target', kind: 'string', description: "as given to 'dailies ci' (default: prod, else --target)" },
  ],
  async run(args, io) {
    const prNumber = pullRequestFlag(args, 'pr');
    const branch = stringFlag(args, 'branch');
    const stale = booleanFlag(args, 'stale');
    if (prNumber === undefined && branch === undefined && !stale) {
      throw new DailiesError('usage', "'dailies cleanup' needs --pr, --branch or --stale", { hint: 'e.g. dailies cleanup --pr 12, or dailies cleanup --stale' });
    }
    if (stale) {
      const { cleanupStale } = await import('../../review/staging-schemas.js');
      const result = await cleanupStale({ ...projectLocation(args, io), prodTarget: stringFlag(args, 'prod-target') });
      if (result.dropped.length === 0) io.stdout(`nothing stale: no staging schema ${result.schema}_wap_* exists\n`);
      else io.stdout(`dropped ${result.dropped.length} stale staging schema${result.dropped.length === 1 ? '' : 's'}: ${result.dropped.join(', ')}\n`);
      if (prNumber === undefined && branch === undefined) return 0;
    }
    const { cleanupReview } = await import('../../review/cleanup.js');
    const result = await cleanupReview({ ...projectLocation(args, io), prNumber, branch, prodTarget: stringFlag(args, 'prod-target') });
    if (result.dropped.length === 0) io.stdout(`nothing to drop: schema ${result.schema} does not exist\n`);
    else io.stdout(`dropped ${result.dropped.length} schema${result.dropped.length === 1 ? '' : 's'}: ${result.dropped.join(', ')}\n`);
    return 0;
  },
};
