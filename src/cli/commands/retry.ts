/**
 * `dailies retry`, as `dbt retry`: runs the last `build`/`run`/`seed`/`snapshot`/`test` again
 * from its point of failure — the nodes and unit tests target/run_results.json records as failed,
 * errored, partly done or skipped — with that run's --full-refresh, --fail-fast and
 * --store-failures. --target, --vars and --threads are this invocation's.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DailiesError } from '../../errors.js';
import { createEnvRenderer } from '../../project/env-render.js';
import { readProjectConfig } from '../../project/project-config.js';
import type { Command } from '../command.js';
import { projectLocation } from '../session.js';
import { isRunCommandName, runOnce } from './build.js';

/** dbt retry's statuses: what did not finish well. */
const RETRIED = new Set(['error', 'fail', 'skipped', 'runtime error', 'partial success']);

interface RecordedRun {
  args?: { which?: unknown; full_refresh?: unknown; fail_fast?: unknown; store_failures?: unknown };
  results?: { unique_id?: unknown; status?: unknown }[];
}

export const retryCommand: Command = {
  name: 'retry',
  summary: "run the last build/run/seed/snapshot/test again from its point of failure, as dbt retry does",
  flags: [{ name: 'threads', kind: 'string', description: 'how many nodes to run at once (default: the target threads)' }],
  async run(args, io) {
    const location = projectLocation(args, io);
    const config = readProjectConfig(location.projectDir, 'dbt_project.yml', createEnvRenderer(location.env));
    const file = path.join(location.projectDir, config.targetPath, 'run_results.json');
    if (!existsSync(file)) {
      throw new DailiesError('usage', `Could not find previous run in '${config.targetPath}' target directory`, { hint: 'run dailies build (or run, seed, snapshot, test) first; retry runs again what it left failed or skipped' });
    }
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as RecordedRun;
    const which = String(recorded.args?.which ?? '');
    if (!isRunCommandName(which)) {
      throw new DailiesError('usage', `the last run was \`dailies ${which || '?'}\`: retry runs build, run, seed, snapshot and test again`, { place: { file: path.relative(io.cwd, file) || file } });
    }
    const ids = (recorded.results ?? []).filter((result) => RETRIED.has(String(result.status))).map((result) => String(result.unique_id));
    if (ids.length === 0) {
      io.stdout(`Nothing to do: the last \`dailies ${which}\` left no node failed or skipped.\n`);
      return 0;
    }
    io.stdout(`Retrying ${ids.length} node${ids.length === 1 ? '' : 's'} of the last \`dailies ${which}\`\n`);
    return runOnce(which, args, io, {
      select: ids.filter((id) => !id.startsWith('unit_test.')),
      unitTests: ids.filter((id) => id.startsWith('unit_test.')),
      fullRefresh: recorded.args?.full_refresh === true,
      failFast: recorded.args?.fail_fast === true,
      storeFailures: recorded.args?.store_failures === true,
    });
  },
};
