/** `dailies ls`: list the selected resources. */
import { DailiesError } from '../../errors.js';
import { findMember } from '../../graph/dag.js';
import type { GraphMember, Manifest } from '../../graph/types.js';
import { listFlag, stringFlag } from '../args.js';
import { selectionFlags, type Command } from '../command.js';
import { selectFromArgs } from '../session.js';
import { parseManifest, partialParseFlag } from '../cached-parse.js';

const outputs = ['selector', 'name', 'path', 'json'] as const;
type Output = (typeof outputs)[number];

export const lsCommand: Command = {
  name: 'ls',
  aliases: ['list'],
  summary: 'list resources (models, seeds, snapshots, tests, sources, exposures, metrics, semantic models, saved queries)',
  flags: [
    ...selectionFlags,
    { name: 'resource-type', kind: 'list', description: 'only these resource types (model, seed, snapshot, test, source, exposure, analysis, metric, semantic_model, saved_query)' },
    { name: 'output', alias: 'o', kind: 'string', description: 'selector (default), name, path or json' },
    { name: 'output-keys', kind: 'list', description: 'with --output json: only these keys of each resource (any key of its manifest entry, e.g. name resource_type config)' },
    partialParseFlag,
  ],
  async run(args, io) {
    const output = (stringFlag(args, 'output') ?? 'selector') as Output;
    if (!outputs.includes(output)) {
      throw new DailiesError('usage', `unknown --output '${output}'`, { hint: `use one of: ${outputs.join(', ')}` });
    }
    const manifest = (await parseManifest(args, io, 'list', () => '')).manifest();
    const resourceTypes = listFlag(args, 'resource-type');
    const ids = selectFromArgs(manifest, args, io, resourceTypes.length > 0 ? resourceTypes : undefined, true);
    // dbt splits the keys at spaces and commas
    const keys = listFlag(args, 'output-keys').flatMap((key) => key.split(/[\s,]+/)).filter(Boolean);
    const lines = ids.map((id) => (output === 'json' && keys.length > 0 ? pickKeys(memberOf(manifest, id), keys) : formatMember(memberOf(manifest, id), output)));
    if (lines.length > 0) io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};

export function memberOf(manifest: Manifest, id: string): GraphMember {
  const member = findMember(manifest, id);
  if (!member) throw new DailiesError('internal', `selected id '${id}' is not in the manifest`);
  return member;
}

/** `--output json --output-keys a b`: those keys of the member's manifest entry, in the order asked (absent ones left out). */
function pickKeys(member: GraphMember, keys: string[]): string {
  const entry = member as unknown as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(keys.filter((key) => entry[key] !== undefined).map((key) => [key, entry[key]])));
}

const PREFIXED = new Set(['exposure', 'metric', 'semantic_model', 'saved_query', 'unit_test']);

function formatMember(member: GraphMember, output: Output): string {
  switch (output) {
    case 'name':
      return member.resource_type === 'source' ? `${member.source_name}.${member.name}` : member.name;
    case 'path':
      return member.original_file_path;
    case 'json':
      return JSON.stringify({
        name: member.name,
        resource_type: member.resource_type,
        package_name: member.package_name,
        original_file_path: member.original_file_path,
        unique_id: member.unique_id,
        ...('alias' in member ? { alias: member.alias } : {}),
        ...('config' in member ? { config: member.config } : {}),
        ...('tags' in member ? { tags: member.tags } : {}), // semantic models have none (dbt leaves the key out)
        ...('depends_on' in member ? { depends_on: member.depends_on } : {}),
      });
    default:
      // as dbt ls prints them: sources by package.source.table, exposures, metrics, semantic
      // models, saved queries and unit tests by package.name after their type
      if (member.resource_type === 'source') return `source:${member.package_name}.${member.source_name}.${member.name}`;
      // a versioned model's unit test once per version: dbt names each by its id (`t_v2`)
      if (member.resource_type === 'unit_test') return `unit_test:${member.package_name}.${member.unique_id.split('.').pop()}`;
      if (PREFIXED.has(member.resource_type)) return `${member.resource_type}:${member.package_name}.${member.name}`;
      return member.fqn.join('.');
  }
}
