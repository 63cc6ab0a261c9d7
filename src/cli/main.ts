/**
 * The `dailies` command line: parse arguments, route to one command, print errors with their
 * place and hint, return the exit code.
 */
import path from 'node:path';
import { describeError, isDailiesError } from '../errors.js';
import { profileSecrets } from '../project/profile-secrets.js';
import { redactArtifactsWith } from '../redact/artifacts.js';
import { Redactor } from '../redact/redactor.js';
import { environmentSecrets } from '../redact/secret-sources.js';
import { redactStream } from '../redact/stream.js';
import { formatFlagHelp, globalFlags, listFlag, parseArgs, stringFlag, type ParsedArgs } from './args.js';
import type { Command, CommandIO } from './command.js';
import { buildCommands } from './commands/build.js';
import { compileCommand } from './commands/compile.js';
import { lsCommand } from './commands/ls.js';
import { parseCommand } from './commands/parse.js';
import { showCommand } from './commands/show.js';
import { runOperationCommand } from './commands/run-operation.js';
import { ingestCommands } from './commands/ingest.js';
import { ciCommand } from './commands/ci.js';
import { cleanupCommand } from './commands/cleanup.js';
import { promoteCommand } from './commands/promote.js';
import { statusCommand } from './commands/status.js';
import { demoCommand } from './commands/demo.js';
import { depsCommand } from './commands/deps.js';
import { sourceCommand } from './commands/source.js';
import { docsCommand } from './commands/docs.js';
import { initCommand } from './commands/init.js';
import { productionCommand } from './commands/production.js';
import { debugCommand } from './commands/debug.js';
import { cleanCommand } from './commands/clean.js';
import { retryCommand } from './commands/retry.js';
import { cancelRunningStatements } from '../warehouse/running.js';
import { withStatementLabel } from '../warehouse/statement-label.js';
import { DAILIES_VERSION } from '../version.js';

export const commands: Command[] = [depsCommand, parseCommand, compileCommand, lsCommand, ...buildCommands, retryCommand, sourceCommand, showCommand, runOperationCommand, debugCommand, cleanCommand, ...ingestCommands, demoCommand, ciCommand, cleanupCommand, promoteCommand, statusCommand, productionCommand, docsCommand, initCommand];

function usage(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'dailies: dbt-compatible builds and pull-request reviews for analytics code',
    '',
    'Usage: dailies <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Options for every command:',
    formatFlagHelp(globalFlags),
    '',
    "Run 'dailies <command> --help' for a command's own options.",
  ].join('\n');
}

function commandUsage(command: Command): string {
  return [`Usage: dailies ${command.name} [options]`, '', command.summary, '', 'Options:', formatFlagHelp([...command.flags, ...globalFlags])].join('\n');
}

/**
 * The secrets of this run: secret-looking environment variables, those named by --secret-env, and
 * the credentials in profiles.yml. Every text the command prints or writes as a report passes it.
 */
export function cliRedactor(args: ParsedArgs, cwd: string, env: Record<string, string | undefined>): Redactor {
  const redactor = new Redactor();
  redactor.add(environmentSecrets(env, listFlag(args, 'secret-env')));
  const profilesDir = stringFlag(args, 'profiles-dir');
  redactor.add(
    profileSecrets({
      projectDir: path.resolve(cwd, stringFlag(args, 'project-dir') ?? '.'),
      profilesDir: profilesDir === undefined ? undefined : path.resolve(cwd, profilesDir),
      env,
    }),
  );
  return redactor;
}

export async function main(argv: string[], io: Partial<CommandIO> = {}): Promise<number> {
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nInterrupted: finishing running nodes, starting no new ones (Ctrl-C again to quit now)\n');
    controller.abort();
    // warehouse queries that bill by the second (Snowflake) are aborted, not left running
    cancelRunningStatements();
  };
  let redactor = new Redactor();
  const stdout = io.stdout ?? ((text: string) => process.stdout.write(text));
  const stderr = io.stderr ?? ((text: string) => process.stderr.write(text));
  const fullIO: CommandIO = {
    stdout: (text) => stdout(redactor.redact(text)),
    stderr: (text) => stderr(redactor.redact(text)),
    cwd: io.cwd ?? process.cwd(),
    env: io.env ?? process.env,
    signal: io.signal ?? controller.signal,
    redactor,
  };
  const installHandler = io.signal === undefined;
  if (installHandler) process.on('SIGINT', onInterrupt);
  // What library code prints itself (log() in a macro, warnings) is redacted too.
  const restoreOut = redactStream(process.stdout, (text) => redactor.redact(text));
  const restoreErr = redactStream(process.stderr, (text) => redactor.redact(text));
  let restoreArtifacts = () => {};
  try {
    const named = (name: string | undefined): Command | undefined => commands.find((command) => command.name === name || (name !== undefined && command.aliases?.includes(name)));
    const args = parseArgs(argv, (name) => named(name)?.flags ?? []);
    redactor = cliRedactor(args, fullIO.cwd, fullIO.env);
    fullIO.redactor = redactor;
    // what the command writes under target/ (manifest, run results, compiled SQL) too
    restoreArtifacts = redactArtifactsWith(redactor);
    if (args.command === undefined || args.command === 'help') {
      fullIO.stdout(`${usage()}\n`);
      return args.command === undefined && args.flags.help !== true ? 2 : 0;
    }
    if (args.command === 'version' || args.command === '--version') {
      fullIO.stdout(`dailies ${DAILIES_VERSION}\n`);
      return 0;
    }
    const command = named(args.command);
    if (!command) {
      fullIO.stderr(`Error: unknown command '${args.command}'\n  hint: run 'dailies --help' to list the commands\n`);
      return 2;
    }
    if (args.flags.help === true) {
      fullIO.stdout(`${commandUsage(command)}\n`);
      return 0;
    }
    return await withStatementLabel({ command: command.name }, () => command.run(args, fullIO));
  } catch (error) {
    fullIO.stderr(`Error: ${describeError(error)}\n`);
    if (!isDailiesError(error) && error instanceof Error && fullIO.env.DAILIES_DEBUG) fullIO.stderr(`${error.stack}\n`);
    return isDailiesError(error) && error.kind === 'usage' ? 2 : 1;
  } finally {
    restoreArtifacts();
    restoreOut();
    restoreErr();
    if (installHandler) process.off('SIGINT', onInterrupt);
  }
}
