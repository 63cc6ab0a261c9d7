/**
 * `dailies debug`, as `dbt debug`: is dbt_project.yml there and valid, which profiles.yml and
 * target it resolves to, is git installed, and does the warehouse answer `select 1`. The
 * connection's settings are printed without a credential field (password, private key, token …).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { booleanFlag } from '../args.js';
import type { Command } from '../command.js';
import { projectLocation } from '../session.js';
import { createEnvRenderer } from '../../project/env-render.js';
import { readProjectConfig } from '../../project/project-config.js';
import { findProfilesFile, resolveTarget } from '../../project/profiles.js';
import { isSecretField } from '../../project/profile-secrets.js';
import type { TargetConfig } from '../../project/types.js';
import { DAILIES_VERSION } from '../../version.js';

const OK = (what: string): string => `[OK ${what}]`;
const ERROR = (what: string): string => `[ERROR ${what}]`;

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const hint = (error as { hint?: unknown }).hint;
    return typeof hint === 'string' ? `${error.message}\n  hint: ${hint}` : error.message;
  }
  return String(error);
}

function gitFound(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const debugCommand: Command = {
  name: 'debug',
  summary: "check dbt_project.yml, profiles.yml, git and the warehouse connection, as dbt debug does",
  flags: [
    { name: 'config-dir', kind: 'boolean', description: 'only print where profiles.yml is looked for' },
    { name: 'connection', kind: 'boolean', description: 'only test the connection' },
  ],
  async run(args, io) {
    const location = projectLocation(args, io);
    const out = (line = ''): void => io.stdout(`${line}\n`);
    const profilesFile = findProfilesFile(location);
    if (booleanFlag(args, 'config-dir')) {
      out(`profiles.yml is looked for in ${path.dirname(profilesFile ?? path.join(location.profilesDir ?? location.projectDir, 'profiles.yml'))}`);
      return 0;
    }
    const failures: string[] = [];
    const onlyConnection = booleanFlag(args, 'connection');
    out(`dailies version: ${DAILIES_VERSION} (runs dbt-core 1.11 projects)`);
    out(`node version: ${process.version}`);
    out(`os info: ${process.platform} ${process.arch}`);
    out(profilesFile ? `Using profiles.yml file at ${profilesFile}` : 'No profiles.yml found: the local DuckDB target under target/ is used');
    const projectFile = path.join(location.projectDir, 'dbt_project.yml');
    out(`Using dbt_project.yml file at ${projectFile}`);

    let config: ReturnType<typeof readProjectConfig> | undefined;
    let projectStatus: string;
    if (!existsSync(projectFile)) {
      projectStatus = ERROR('not found');
      failures.push(`dbt_project.yml was not found in ${location.projectDir}: run dailies from the project folder, or pass --project-dir`);
    } else {
      try {
        config = readProjectConfig(location.projectDir, 'dbt_project.yml', createEnvRenderer(location.env));
        projectStatus = OK('found and valid');
      } catch (error) {
        projectStatus = ERROR('invalid');
        failures.push(`dbt_project.yml: ${messageOf(error)}`);
      }
    }
    let target: TargetConfig | undefined;
    let profilesStatus = profilesFile ? OK('found and valid') : OK('not needed (local DuckDB)');
    if (config) {
      try {
        target = resolveTarget({
          projectDir: location.projectDir,
          profileName: config.profile ?? config.name,
          profilesDir: location.profilesDir,
          targetName: location.target,
          targetPath: config.targetPath,
          env: location.env,
        });
      } catch (error) {
        profilesStatus = ERROR('invalid');
        failures.push(`profiles.yml: ${messageOf(error)}`);
      }
    }
    if (target) out(`adapter type: ${target.type}`);
    if (!onlyConnection) {
      out('Configuration:');
      out(`  profiles.yml file ${profilesStatus}`);
      out(`  dbt_project.yml file ${projectStatus}`);
      out('Required dependencies:');
      const git = gitFound();
      out(` - git ${git ? OK('found') : ERROR('not found')}`);
      if (!git) failures.push('git was not found on PATH: `dailies deps` needs it for git packages, and the PR check for the base commit');
      out();
    }
    if (target) {
      out('Connection:');
      for (const [key, value] of Object.entries(target)) {
        if (key === 'name' || key === 'type' || isSecretField(key) || value === undefined) continue;
        out(`  ${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`);
      }
      const { openAdapter } = await import('../../warehouse/index.js');
      try {
        const adapter = await openAdapter(target);
        try {
          await adapter.execute('select 1 as ok');
        } finally {
          await adapter.close();
        }
        out(`  Connection test: ${OK('connection ok')}`);
      } catch (error) {
        out(`  Connection test: ${ERROR('')}`.replace(' ]', ']'));
        failures.push(`dailies was unable to connect to the ${target.type} target "${target.name}":\n${messageOf(error)}\nCheck the target's settings and credentials in profiles.yml (see docs/snowflake.md for Snowflake).`);
      }
      out();
    }
    if (failures.length === 0) {
      out('All checks passed!');
      return 0;
    }
    out(`${failures.length} check${failures.length === 1 ? '' : 's'} failed:`);
    for (const failure of failures) out(failure);
    return 1;
  },
};
