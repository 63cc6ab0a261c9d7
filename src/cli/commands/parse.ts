/** `dailies parse`: read and compile the project, write target/manifest.json. */
import path from 'node:path';
import { writeManifest } from '../../graph/index.js';
import type { Command } from '../command.js';
import { compile, openProject, targetDirOf } from '../session.js';

export const parseCommand: Command = {
  name: 'parse',
  summary: 'read the project and write target/manifest.json',
  flags: [],
  async run(args, io) {
    const started = performance.now();
    const project = await openProject(args, io);
    const compiler = await compile(project, undefined, { which: 'parse' });
    const targetDir = targetDirOf(project);
    writeManifest(compiler.manifest, targetDir);
    const counts = countByType(compiler.manifest.nodes);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    io.stdout(
      `Parsed ${describeCounts(counts, compiler.manifest)} in ${seconds}s → ${path.relative(io.cwd, path.join(targetDir, 'manifest.json')) || 'manifest.json'}\n`,
    );
    return 0;
  },
};

export function countByType(nodes: Record<string, { resource_type: string }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const node of Object.values(nodes)) counts.set(node.resource_type, (counts.get(node.resource_type) ?? 0) + 1);
  return counts;
}

export function describeCounts(
  counts: Map<string, number>,
  manifest: { sources: object; macros: object; exposures: object },
): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [
    plural(counts.get('model') ?? 0, 'model'),
    plural(counts.get('seed') ?? 0, 'seed'),
    plural(counts.get('snapshot') ?? 0, 'snapshot'),
    plural(counts.get('test') ?? 0, 'test'),
    plural(Object.keys(manifest.sources).length, 'source'),
    plural(Object.keys(manifest.exposures).length, 'exposure'),
    plural(Object.keys(manifest.macros).length, 'macro'),
  ];
  return parts.join(', ');
}
