/** `dailies init`: workflows, profiles.yml and .gitignore entries for an existing dbt project. */
import { booleanFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { DailiesError } from '../../errors.js';

function snowflakeAuth(value: string | undefined): 'key-pair' | 'workload-identity' | undefined {
  if (value === undefined || value === 'key-pair' || value === 'workload-identity') return value;
  throw new DailiesError('usage', `--snowflake-auth must be key-pair or workload-identity; got '${value}'`, { hint: 'leave it out for a key pair from the SNOWFLAKE_* secrets' });
}

export const initCommand: Command = {
  name: 'init',
  summary: 'set up a dbt project for dailies: GitHub workflows, profiles.yml, .gitignore',
  flags: [
    { name: 'force', kind: 'boolean', description: 'overwrite files dailies init wrote before (or you edited)' },
    { name: 'action', kind: 'string', description: 'the Action the workflows use (default: dailies/dailies@v1)' },
    { name: 'branch', kind: 'string', description: 'the branch production follows (default: main)' },
    { name: 'snowflake-auth', kind: 'string', description: "how Snowflake targets log in: key-pair (default) or workload-identity (GitHub's OIDC token; the jobs get id-token: write)" },
  ],
  async run(args, io) {
    const { initProject } = await import('../../init/scaffold.js');
    const { resolve } = await import('node:path');
    const result = initProject({
      projectDir: resolve(io.cwd, stringFlag(args, 'project-dir') ?? '.'),
      force: booleanFlag(args, 'force'),
      action: stringFlag(args, 'action'),
      branch: stringFlag(args, 'branch'),
      snowflakeAuth: snowflakeAuth(stringFlag(args, 'snowflake-auth')),
    });
    const lines = [`dailies init: profile '${result.profile}', project folder '${result.projectDir}' in ${result.repoRoot}`, ''];
    for (const file of result.files) lines.push(`  ${file.status.padEnd(11)} ${file.path}`);
    if (result.files.some((file) => file.status === 'kept')) lines.push('', "Files marked 'kept' differ from what init writes and were left alone (--force overwrites them).");
    lines.push('', 'Then, in the repository settings (Settings → Secrets and variables → Actions):');
    for (const setting of result.settings) lines.push(`  ${setting.kind === 'secret' ? 'secret  ' : 'variable'}  ${setting.name}: ${setting.purpose}`);
    lines.push('', 'On DuckDB nothing needs setting: commit these files and open a pull request. The first push to the default branch builds production.', '');
    io.stdout(lines.join('\n'));
    return 0;
  },
};
