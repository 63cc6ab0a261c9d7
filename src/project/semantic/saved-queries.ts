/** `saved_queries:` entries: query parameters, exports and tags as written. */
import { SemanticReader } from './reader.js';
import type {
  SavedQueryProperties,
} from './types.js';
import { isPlainMap, type ShapeChecker, type YamlMap } from '../yaml-shapes.js';

export function readSavedQueries(shapes: ShapeChecker, top: YamlMap, packageName: string): SavedQueryProperties[] {
  const reader = new SemanticReader(shapes);
  return shapes.namedEntries(top, 'saved_queries', '`saved_queries:`').map((entry) => {
    const name = String(entry.name);
    const where = `saved query "${name}"`;
    if (!isPlainMap(entry.query_params)) shapes.fail(entry, entry.query_params === undefined ? undefined : 'query_params', `${where} needs \`query_params\` (a mapping)`, 'Write `query_params: {metrics: [my_metric], group_by: [...]}`.');
    const params = shapes.map(entry, 'query_params', where);
    const at = `\`query_params\` of ${where}`;
    const limit = params.limit;
    if (limit !== undefined && limit !== null && !Number.isInteger(limit)) shapes.fail(params, 'limit', `\`limit\` of ${at} must be a whole number`, 'Write e.g. `limit: 100`.');
    return {
      name,
      packageName,
      description: reader.text(entry, 'description', where),
      label: reader.text(entry, 'label', where),
      queryParams: {
        metrics: shapes.stringList(params, 'metrics', at),
        group_by: shapes.stringList(params, 'group_by', at),
        where: reader.where(params, 'where', at),
        order_by: shapes.stringList(params, 'order_by', at),
        limit: typeof limit === 'number' ? limit : null,
      },
      exports: shapes.namedEntries(entry, 'exports', where).map((raw) => ({ name: String(raw.name), config: shapes.map(raw, 'config', `export "${String(raw.name)}" of ${where}`) })),
      config: shapes.map(entry, 'config', where),
      tags: shapes.stringList(entry, 'tags', where),
      place: reader.place(entry),
    };
  });
}
