/**
 * `dailies build | run | seed | snapshot | test`: select, then run the DAG on the warehouse.
 * One shape, five commands: they differ only in which resource types they run.
 */
import { writeManifest } from '../../graph/index.js';
import { describeError } from '../../errors.js';
import { booleanFlag, integerFlag, type FlagSpec, type ParsedArgs } from '../args.js';
import { emptyFlag, selectionFlags, type Command, type CommandIO } from '../command.js';
import { compile, openProject, projectLocation, selectFromArgs, selectUnitTests, targetDirOf } from '../session.js';
import { clock, watchFiles } from '../watch.js';
import { partialParseFlag } from '../cached-parse.js';
import { eventTimeFlags, eventTimeWindow } from '../event-time-flags.js';

type RunCommandName = 'build' | 'run' | 'seed' | 'snapshot' | 'test';

const resourceTypesOf: Record<RunCommandName, string[] | undefined> = {
  build: ['model', 'seed', 'snapshot', 'test'],
  run: ['model'],
  seed: ['seed'],
  snapshot: ['snapshot'],
  test: ['test'],
};

const summaries: Record<RunCommandName, string> = {
  build: 'run seeds, models, snapshots and tests in DAG order',
  run: 'build the selected models',
  seed: 'load seed CSVs into tables',
  snapshot: 'record SCD type 2 history of snapshot queries',
  test: 'run data tests',
};

const runFlags: FlagSpec[] = [
  ...selectionFlags,
  partialParseFlag,
  { name: 'threads', kind: 'string', description: 'how many nodes to run at once (default: the target threads)' },
  { name: 'full-refresh', kind: 'boolean', description: 'rebuild incremental models and seeds from scratch' },
  { name: 'fail-fast', alias: 'x', kind: 'boolean', description: 'stop at the first failure' },
  { name: 'store-failures', kind: 'boolean', description: 'store failing test rows in the audit schema' },
  { name: 'watch', kind: 'boolean', description: 'run again (after a partial parse) each time a project file is saved; Ctrl-C stops' },
];

function runCommand(name: RunCommandName): Command {
  return {
    name,
    summary: summaries[name],
    flags: name === 'build' || name === 'run' ? [...runFlags, emptyFlag, ...eventTimeFlags] : name === 'snapshot' ? [...runFlags, emptyFlag] : runFlags,
    async run(args, io) {
      if (!booleanFlag(args, 'watch')) return runOnce(name, args, io);
      return watchFiles(projectLocation(args, io).projectDir, io, async (reason) => {
        io.stdout(`[${clock()}] ${reason}: ${name}\n`);
        const started = performance.now();
        let outcome: string;
        try {
          outcome = (await runOnce(name, args, io)) === 0 ? 'done' : 'failed';
        } catch (error) {
          outcome = `error: ${describeError(error)}`;
        }
        io.stdout(`[${clock()}] ${name} ${outcome} after ${((performance.now() - started) / 1000).toFixed(2)}s\n`);
      });
    },
  };
}

/** What `dailies retry` runs again: these nodes and unit tests, with the earlier run's flags. */
export interface Rerun {
  select: string[];
  unitTests: string[];
  fullRefresh: boolean;
  failFast: boolean;
  storeFailures: boolean;
}

export function isRunCommandName(name: string): name is RunCommandName {
  return Object.prototype.hasOwnProperty.call(resourceTypesOf, name);
}

export async function runOnce(name: RunCommandName, args: ParsedArgs, io: CommandIO, rerun?: Rerun): Promise<number> {
  const window = name === 'build' || name === 'run' ? eventTimeWindow(args) : {};
  const project = await openProject(args, io);
  // the runner and the warehouse load only for the commands that run (parse/ls start faster)
  const { runBuild, runFailed, formatRunEvent } = await import('../../run/index.js');
  const { openAdapter } = await import('../../warehouse/index.js');
  const adapter = await openAdapter(project.target);
  try {
    // the manifest is parsed without the warehouse; each node is rendered, with live
    // introspection, just before it runs (after its parents are built), as dbt does
    const compiler = await compile(
      project,
      undefined,
      {
        which: name,
        fullRefresh: rerun?.fullRefresh ?? booleanFlag(args, 'full-refresh'),
        storeFailures: rerun?.storeFailures ?? booleanFlag(args, 'store-failures'),
        ...(booleanFlag(args, 'empty') ? { empty: true } : {}),
      },
      'collect',
      args,
      io,
      // each node is rendered just before it runs: nothing is compiled up front (dbt's way)
      'parse',
    );
    const targetDir = targetDirOf(project);
    // a retry runs what failed or was skipped last time, if the project still has it
    const select = rerun ? rerun.select.filter((id) => id in compiler.manifest.nodes) : selectFromArgs(compiler.manifest, args, io, resourceTypesOf[name]);
    const unitTests = rerun
      ? rerun.unitTests.filter((id) => id in (compiler.manifest.unit_tests ?? {}))
      : name === 'build' || name === 'test'
        ? selectUnitTests(compiler.manifest, args, io)
        : [];
    const threads = integerFlag(args, 'threads') ?? project.target.threads;
    let results: Awaited<ReturnType<typeof runBuild>> | undefined;
    try {
      results = await runBuild({
        compiler,
        adapter,
        select,
        unitTests,
        command: name,
        threads,
        fullRefresh: rerun?.fullRefresh ?? booleanFlag(args, 'full-refresh'),
        failFast: rerun?.failFast ?? booleanFlag(args, 'fail-fast'),
        storeFailures: rerun?.storeFailures ?? booleanFlag(args, 'store-failures'),
        ...window,
        onRunStart: project.rootPackage.config.onRunStart,
        onRunEnd: project.rootPackage.config.onRunEnd,
        signal: io.signal,
        targetDir,
        onEvent: (event) => {
          const line = formatRunEvent(event);
          if (line) io.stdout(`${line}\n`);
        },
      });
    } finally {
      // as dbt writes it when the run ends: each node that ran with the SQL it ran
      for (const result of results?.results ?? []) {
        const node = compiler.manifest.nodes[result.unique_id];
        if (node && result.compiled_code !== undefined) Object.assign(node, { compiled: true, compiled_code: result.compiled_code });
      }
      writeManifest(compiler.manifest, targetDir);
    }
    return runFailed(results) ? 1 : 0;
  } finally {
    await adapter.close();
  }
}

export const buildCommands: Command[] = (['build', 'run', 'seed', 'snapshot', 'test'] as const).map(runCommand);
