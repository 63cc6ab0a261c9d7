/** `dailies deps`: install the packages of packages.yml / dependencies.yml under dbt_packages/ (`--add-package`: add one first). */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { projectLocation } from '../session.js';
import { LOCK_FILE } from '../../project/package-specs.js';

export const depsCommand: Command = {
  name: 'deps',
  summary: 'install packages (hub, git, local, tarball) into dbt_packages/ and write package-lock.yml',
  flags: [
    { name: 'upgrade', kind: 'boolean', description: 're-resolve the packages even when package-lock.yml matches packages.yml' },
    { name: 'lock', kind: 'boolean', description: 'only write package-lock.yml; install nothing' },
    { name: 'hub-url', kind: 'string', description: 'package hub API base (default: $DBT_PACKAGE_HUB_URL or https://hub.getdbt.com/)' },
    { name: 'add-package', kind: 'string', description: 'add NAME@VERSION to packages.yml (replacing an entry for the same package), then install' },
    { name: 'source', kind: 'string', description: 'where --add-package comes from: hub (default), git (VERSION is the revision) or local (a folder)' },
  ],
  async run(args, io) {
    const { projectDir, env } = projectLocation(args, io);
    // tar, semver and the hub client load only for `deps`
    const { installPackages } = await import('../../deps/install.js');
    const install = () =>
      installPackages({
        projectRoot: projectDir,
        env,
        hubUrl: stringFlag(args, 'hub-url'),
        upgrade: booleanFlag(args, 'upgrade'),
        lockOnly: booleanFlag(args, 'lock'),
        log: (line) => io.stdout(`${line}\n`),
      });
    const toAdd = stringFlag(args, 'add-package');
    const lockPath = join(projectDir, LOCK_FILE);
    const lockBefore = existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null;
    const { addPackageEntry } = await import('../../deps/add-package.js');
    const added = toAdd === undefined ? undefined : addPackageEntry(projectDir, toAdd, (stringFlag(args, 'source') ?? 'hub') as never);
    if (added) {
      const temporary = `${added.file}.dailies-${process.pid}`;
      writeFileSync(temporary, added.after);
      renameSync(temporary, added.file);
      for (const line of added.log) io.stdout(`${line}\n`);
    }
    let result;
    try {
      result = await install();
    } catch (error) {
      // a package that cannot be installed is not left declared
      if (added) {
        if (added.before === null) rmSync(added.file, { force: true });
        else writeFileSync(added.file, added.before);
        if (lockBefore === null) rmSync(lockPath, { force: true });
        else writeFileSync(lockPath, lockBefore);
        io.stderr(`${added.file} and ${LOCK_FILE} are as they were: the package was not added\n`);
      }
      throw error;
    }
    for (const warning of result.warnings) io.stderr(`Warning: ${warning}\n`);
    return 0;
  },
};
