/**
 * `dailies promote [--base ref]`: write-audit-publish of what changed since what production records
 * it holds (or since `--base`): build and test in a staging schema, then swap into production
 * atomically, recording this commit and manifest in production in the same transaction.
 */
import { integerFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { projectLocation } from '../session.js';

export const promoteCommand: Command = {
  name: 'promote',
  summary: 'build what changed into a staging schema, test it, then publish it to production atomically',
  flags: [
    { name: 'base', kind: 'string', description: "compare with this ref instead of production's record (for repairs by hand)" },
    { name: 'threads', kind: 'string', description: 'how many nodes to build at once' },
  ],
  async run(args, io) {
    const { promote } = await import('../../review/promote.js');
    const result = await promote({ ...projectLocation(args, io), baseRef: stringFlag(args, 'base'), threads: integerFlag(args, 'threads'), signal: io.signal });
    for (const build of result.builds) {
      if (build.status === 'error' || build.status === 'fail') io.stdout(`${build.status.toUpperCase()} ${build.resourceType} ${build.name} (${build.file}): ${build.message}\n`);
    }
    if (result.leftoversDropped.length > 0) io.stdout(`dropped ${result.leftoversDropped.length} staging schema${result.leftoversDropped.length === 1 ? '' : 's'} left by killed promotions: ${result.leftoversDropped.join(', ')}\n`);
    if (result.status === 'nothing-to-publish') io.stdout('nothing changed: production is up to date\n');
    if (result.status === 'published') {
      const why = result.fullBuildReason ? ` (${result.fullBuildReason}: built everything)` : '';
      io.stdout(`published ${result.published.length} relation${result.published.length === 1 ? '' : 's'} to production${why}: ${result.published.map((item) => item.relation).join(', ')}\n`);
    }
    if (result.error) io.stderr(`Error: ${result.error.message}${result.error.hint ? `\n  hint: ${result.error.hint}` : ''}\n`);
    return result.status === 'failed' ? 1 : 0;
  },
};
