/** `dailies compile`: render every node to SQL under target/compiled/ and write the manifest. */
import path from 'node:path';
import { writeCompiledFiles } from '../../compiler/index.js';
import { writeManifest } from '../../graph/index.js';
import { emptyFlag, selectionFlags, type Command } from '../command.js';
import { compile, openProject, selectFromArgs, targetDirOf } from '../session.js';
import { describeCounts, countByType } from './parse.js';
import { booleanFlag, listFlag } from '../args.js';
import { partialParseFlag } from '../cached-parse.js';

export const compileCommand: Command = {
  name: 'compile',
  summary: 'render models, tests, snapshots to SQL under target/compiled/',
  flags: [
    ...selectionFlags,
    partialParseFlag,
    { name: 'no-introspect', kind: 'boolean', description: 'do not connect to the warehouse (introspecting macros get empty answers)' },
    emptyFlag,
  ],
  async run(args, io) {
    const started = performance.now();
    const project = await openProject(args, io);
    const introspect = !booleanFlag(args, 'no-introspect');
    const adapter = introspect ? await (await import('../../warehouse/index.js')).openAdapter(project.target) : undefined;
    try {
      const compiler = await compile(project, adapter, { which: 'compile', ...(introspect ? {} : { introspect: false }), ...(booleanFlag(args, 'empty') ? { empty: true } : {}) }, 'collect', args, io);
      const manifest = compiler.manifest;
      const targetDir = targetDirOf(project);
      const selected = new Set(selectFromArgs(manifest, args, io));
      writeManifest(manifest, targetDir);
      const selectedNodes = Object.fromEntries(Object.entries(manifest.nodes).filter(([id]) => selected.has(id)));
      const written = (await writeCompiledFiles({ ...manifest, nodes: selectedNodes }, targetDir)).length;
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      io.stdout(
        `Compiled ${describeCounts(countByType(manifest.nodes), manifest)} in ${seconds}s; ` +
          `wrote ${written} file${written === 1 ? '' : 's'} under ${path.relative(io.cwd, path.join(targetDir, 'compiled')) || 'compiled'}\n`,
      );
      // as dbt compile: the SQL of each selected node its first --select word names, on stdout
      const firstWord = listFlag(args, 'select')[0]?.split(/\s+/)[0];
      if (firstWord !== undefined) {
        for (const node of Object.values(selectedNodes)) {
          if (node.compiled_code !== undefined && node.resource_type !== 'seed' && firstWord.includes(node.name)) io.stdout(`Compiled node '${node.name}' is:\n${node.compiled_code}\n`);
        }
      }
      const failed = [...compiler.compileErrors].filter(([id]) => selected.has(id));
      for (const [id, error] of failed) io.stderr(`Compilation Error in ${id}\n  ${error.format().replace(/\n/g, '\n  ')}\n`);
      return failed.length > 0 ? 1 : 0;
    } finally {
      await adapter?.close();
    }
  },
};
