/** `groups:` of a property file, as dbt reads them: a name, an owner (a name or an email at least), a description and config meta. */
import type { GroupProperties } from './types.js';
import { describe, isPlainMap, type ShapeChecker, type YamlMap } from './yaml-shapes.js';

export function readGroups(shapes: ShapeChecker, top: YamlMap, packageName: string, file: string): GroupProperties[] {
  return shapes.namedEntries(top, 'groups', file).map((entry) => {
    const name = String(entry.name);
    const where = `group "${name}"`;
    const owner = entry.owner;
    if (!isPlainMap(owner) || (typeof owner.name !== 'string' && typeof owner.email !== 'string')) {
      shapes.fail(entry, owner === undefined ? 'name' : 'owner', `${where} needs an \`owner\` with a \`name\` or an \`email\`, not ${describe(owner)}`, 'Write `owner: {name: Finance team, email: finance@example.com}`.');
    }
    return {
      name,
      packageName,
      owner: owner as YamlMap,
      description: shapes.string(entry, 'description', where),
      config: shapes.map(entry, 'config', where),
      place: shapes.yaml.placeOf(entry),
    };
  });
}
