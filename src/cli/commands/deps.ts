/** `dailies deps`: install the packages of packages.yml / dependencies.yml under dbt_packages/. */
import { booleanFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { projectLocation } from '../session.js';

export const depsCommand: Command = {
  name: 'deps',
  summary: 'install packages (hub, git, local, tarball) into dbt_packages/ and write package-lock.yml',
  flags: [
    { name: 'upgrade', kind: 'boolean', description: 're-resolve the packages even when package-lock.yml matches packages.yml' },
    { name: 'lock', kind: 'boolean', description: 'only write package-lock.yml; install nothing' },
    { name: 'hub-url', kind: 'string', description: 'package hub API base (default: $DBT_PACKAGE_HUB_URL or https://hub.getdbt.com/)' },
  ],
  async run(args, io) {
    const { projectDir, env } = projectLocation(args, io);
    // tar, semver and the hub client load only for `deps`
    const { installPackages } = await import('../../deps/install.js');
    const result = await installPackages({
      projectRoot: projectDir,
      env,
      hubUrl: stringFlag(args, 'hub-url'),
      upgrade: booleanFlag(args, 'upgrade'),
      lockOnly: booleanFlag(args, 'lock'),
      log: (line) => io.stdout(`${line}\n`),
    });
    for (const warning of result.warnings) io.stderr(`Warning: ${warning}\n`);
    return 0;
  },
};
