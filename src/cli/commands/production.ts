/**
 * `dailies production pull|push --store <spec>`: fetch the stored DuckDB production (and its
 * manifest, for `--state`) into the production target, or store it after a promotion.
 */
import { DailiesError } from '../../errors.js';
import { stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { projectLocation } from '../session.js';

export const productionCommand: Command = {
  name: 'production',
  summary: "'production pull' fetches, 'production push' stores the DuckDB production database and its manifest",
  flags: [
    { name: 'store', kind: 'string', description: 'github-release[:tag], s3://bucket/prefix or file:<folder> (default: $DAILIES_PRODUCTION_STORE)' },
    { name: 'prod-target', kind: 'string', description: 'the profile target that is production (default: prod, else --target)' },
    { name: 'commit', kind: 'string', description: 'push: the commit production was built from (default: $GITHUB_SHA)' },
  ],
  async run(args, io) {
    const verb = args.positional[0];
    if (verb !== 'pull' && verb !== 'push') {
      throw new DailiesError('usage', "'dailies production' needs pull or push", { hint: 'e.g. dailies production pull --store s3://my-bucket/dailies' });
    }
    const spec = stringFlag(args, 'store') ?? io.env.DAILIES_PRODUCTION_STORE;
    if (!spec) throw new DailiesError('usage', 'no production store given', { hint: 'pass --store github-release, s3://bucket/prefix or file:<folder> (or set DAILIES_PRODUCTION_STORE)' });
    const { describeOutcome, fetchProduction, storeProduction } = await import('../../production-store/project-production.js');
    const location = projectLocation(args, io);
    const context = { env: io.env, cwd: io.cwd };
    const prodTarget = stringFlag(args, 'prod-target');
    if (verb === 'pull') {
      const outcome = await fetchProduction(spec, location, context, prodTarget);
      io.stdout(`${describeOutcome('fetched', outcome)}\n`);
      return 0;
    }
    const { resolveCommit } = await import('../../review/git.js');
    const commit = stringFlag(args, 'commit') ?? io.env.GITHUB_SHA ?? (await resolveCommit(location.projectDir, 'HEAD').catch(() => 'unknown'));
    const outcome = await storeProduction(spec, location, context, commit, prodTarget);
    io.stdout(`${describeOutcome('stored', outcome)}\n`);
    return 0;
  },
};
