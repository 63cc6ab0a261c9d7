/** `dailies parse`: read the project (as `dbt parse` does: no node's SQL compiled) and write target/manifest.json (`--watch`: again on every save). */
import path from 'node:path';
import type { Command } from '../command.js';
import { parseManifest, partialParseFlag } from '../cached-parse.js';
import type { Manifest } from '../../graph/types.js';
import { booleanFlag } from '../args.js';
import { projectLocation } from '../session.js';
import { watchProject } from '../watch.js';
import { LiveParse } from '../live-parse.js';

export const parseCommand: Command = {
  name: 'parse',
  summary: 'read the project and write target/manifest.json',
  flags: [partialParseFlag, { name: 'watch', kind: 'boolean', description: 'parse again (partially) each time a project file is saved, printing what changed; Ctrl-C stops' }],
  async run(args, io) {
    const summarize = (manifest: Manifest): string => describeCounts(countByType(manifest.nodes), manifest);
    if (booleanFlag(args, 'watch')) {
      const projectDir = projectLocation(args, io).projectDir;
      const live = new LiveParse(args, io, projectDir, summarize);
      return watchProject(projectDir, io, (files) => live.parse(files));
    }
    const started = performance.now();
    const parsed = await parseManifest(args, io, 'parse', summarize);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const how = parsed.reused ? ' (nothing changed: reused target/partial_parse.json)' : parsed.partial ? ` (${parsed.partial})` : '';
    io.stdout(
      `Parsed ${parsed.summary} in ${seconds}s${how} → ${path.relative(io.cwd, path.join(parsed.targetDir, 'manifest.json')) || 'manifest.json'}\n`,
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
  manifest: { sources: object; macros: object; exposures: object; metrics?: object; semantic_models?: object; saved_queries?: object },
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
  // the semantic layer is named only when a project has one (as dbt's "Found …" line does)
  const semantic: [object | undefined, string, string][] = [
    [manifest.metrics, 'metric', 'metrics'],
    [manifest.semantic_models, 'semantic model', 'semantic models'],
    [manifest.saved_queries, 'saved query', 'saved queries'],
  ];
  for (const [members, one, many] of semantic) {
    const n = Object.keys(members ?? {}).length;
    if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`);
  }
  return parts.join(', ');
}
