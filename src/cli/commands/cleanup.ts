/** `dailies cleanup --pr N | --branch b`: drops the schemas a pull request's check created. */
import { DailiesError } from '../../errors.js';
import { pullRequestFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { projectLocation } from '../session.js';

export const cleanupCommand: Command = {
  name: 'cleanup',
  summary: "drop a pull request's schemas (after it is closed)",
  flags: [
    { name: 'pr', kind: 'string', description: 'pull request number' },
    { name: 'branch', kind: 'string', description: 'branch name (when the check ran without a PR number)' },
    { name: 'prod-target', kind: 'string', description: "as given to 'dailies ci' (default: prod, else --target)" },
  ],
  async run(args, io) {
    const prNumber = pullRequestFlag(args, 'pr');
    const branch = stringFlag(args, 'branch');
    if (prNumber === undefined && branch === undefined) {
      throw new DailiesError('usage', "'dailies cleanup' needs --pr or --branch", { hint: 'e.g. dailies cleanup --pr 12' });
    }
    const { cleanupReview } = await import('../../review/cleanup.js');
    const result = await cleanupReview({ ...projectLocation(args, io), prNumber, branch, prodTarget: stringFlag(args, 'prod-target') });
    if (result.dropped.length === 0) io.stdout(`nothing to drop: schema ${result.schema} does not exist\n`);
    else io.stdout(`dropped ${result.dropped.length} schema${result.dropped.length === 1 ? '' : 's'}: ${result.dropped.join(', ')}\n`);
    return 0;
  },
};
