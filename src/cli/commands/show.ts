/** `dailies show`: preview the rows a model (or an inline query) returns. */
import { DailiesError } from '../../errors.js';
import { integerFlag, listFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { compile, openProject, selectFromArgs } from '../session.js';
import { formatTable } from '../table.js';
import { partialParseFlag } from '../cached-parse.js';

export const showCommand: Command = {
  name: 'show',
  summary: 'preview the rows of one model, or of --inline SQL',
  flags: [
    partialParseFlag,
    { name: 'select', alias: 's', kind: 'list', description: 'the model to preview' },
    { name: 'inline', kind: 'string', description: 'SQL to run instead (may use ref() and source())' },
    { name: 'limit', kind: 'string', description: 'rows to show (default 5)' },
    { name: 'output', alias: 'o', kind: 'string', description: 'table (default) or json' },
  ],
  async run(args, io) {
    const inline = stringFlag(args, 'inline');
    if (inline === undefined && listFlag(args, 'select').length === 0) {
      throw new DailiesError('usage', "'dailies show' needs --select <model> or --inline '<sql>'");
    }
    const limit = integerFlag(args, 'limit') ?? 5;
    const project = await openProject(args, io);
    const { openAdapter } = await import('../../warehouse/index.js');
    const adapter = await openAdapter(project.target);
    try {
      // another node that does not compile (yet) is no reason not to show this one, rendered now
      const compiler = await compile(project, adapter, { which: 'show' }, 'collect', args, io);
      let sql: string;
      let title: string;
      if (inline !== undefined) {
        sql = await compiler.compileInline(inline, { isIncremental: false, adapter });
        title = 'inline query';
      } else {
        const ids = selectFromArgs(compiler.manifest, args, io, ['model', 'seed', 'snapshot', 'analysis']);
        if (ids.length !== 1) {
          throw new DailiesError('selection', `--select must name exactly one model for 'show'; it matched ${ids.length}`, {
            hint: ids.length > 1 ? `matched: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}` : 'check the name with dailies ls',
          });
        }
        sql = await compiler.compileForRun(ids[0]!, { isIncremental: false, adapter });
        title = ids[0]!;
      }
      const result = await adapter.execute(`select * from (\n${sql}\n) as dailies_show limit ${limit}`);
      const columns = result.columns.map((column) => column.name);
      if (stringFlag(args, 'output') === 'json') {
        io.stdout(`${JSON.stringify({ node: title, columns, rows: result.rows })}\n`);
      } else {
        io.stdout(`Previewing ${title} (${result.rows.length} row${result.rows.length === 1 ? '' : 's'}):\n${formatTable(columns, result.rows)}\n`);
      }
      return 0;
    } finally {
      await adapter.close();
    }
  },
};
