/** `dailies source freshness`: how long ago each selected source was last loaded, against its thresholds. */
import path from 'node:path';
import { DailiesError } from '../../errors.js';
import type { FreshnessResult } from '../../run/freshness.js';
import { selectionFlags, type Command } from '../command.js';
import { compile, openProject, selectFromArgs, targetDirOf } from '../session.js';
import { partialParseFlag } from '../cached-parse.js';

const LABEL: Record<FreshnessResult['status'], string> = { pass: 'PASS', warn: 'WARN', error: 'ERROR STALE', 'runtime error': 'ERROR' };

export const sourceCommand: Command = {
  name: 'source',
  summary: 'source freshness: check how recently each source was loaded (writes target/sources.json)',
  flags: [...selectionFlags, partialParseFlag, { name: 'output', alias: 'o', kind: 'string', description: 'where to write sources.json (default: target/sources.json)' }],
  async run(args, io) {
    if (args.positional[0] !== 'freshness') {
      throw new DailiesError('usage', `unknown 'dailies source ${args.positional[0] ?? ''}'`.trimEnd(), { hint: 'the one source command is `dailies source freshness [-s …]`' });
    }
    const project = await openProject(args, io);
    const compiler = await compile(project, undefined, { which: 'source' }, 'collect', args, io);
    const ids = selectFromArgs(compiler.manifest, args, io, ['source']);
    const { openAdapter } = await import('../../warehouse/index.js');
    const { checkFreshness, writeSourcesJson } = await import('../../run/freshness.js');
    const adapter = await openAdapter(project.target);
    try {
      const run = await checkFreshness(compiler.manifest, ids, adapter, (result, index, total) => {
        const source = compiler.manifest.sources[result.unique_id]!;
        const age = result.max_loaded_at_time_ago_in_s === null ? '' : `, loaded ${formatAge(result.max_loaded_at_time_ago_in_s)} ago`;
        const why = result.error ? `: ${result.error.split('\n')[0]}` : '';
        io.stdout(`${index} of ${total} ${LABEL[result.status]} freshness of ${source.source_name}.${source.name}${age}${why}\n`);
      }, (sql, sourceId) => compiler.renderSourceQuery(sql, sourceId, { isIncremental: false, adapter }));
      for (const skipped of run.skipped) io.stdout(`SKIP ${skipped.unique_id}: ${skipped.reason}\n`);
      const output = args.flags.output;
      const target = typeof output === 'string' ? path.resolve(io.cwd, output) : path.join(targetDirOf(project), 'sources.json');
      const file = await writeSourcesJson(run, target, compiler.manifest.metadata.dbt_version ?? '1.11.0');
      const counts = (status: FreshnessResult['status']) => run.results.filter((result) => result.status === status).length;
      io.stdout(`Done. PASS=${counts('pass')} WARN=${counts('warn')} ERROR=${counts('error') + counts('runtime error')} SKIP=${run.skipped.length} → ${path.relative(io.cwd, file) || file}\n`);
      return counts('error') + counts('runtime error') > 0 ? 1 : 0;
    } finally {
      await adapter.close();
    }
  },
};

function formatAge(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)}h`;
  return `${(seconds / 86400).toFixed(1)}d`;
}
