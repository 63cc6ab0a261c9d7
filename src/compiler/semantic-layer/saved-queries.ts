/**
 * `saved_queries:` into the manifest as dbt-core 1.11 writes them: exports' configs over the saved
 * query's (what is unset named by the project's generate_*_name macros), `depends_on` the metrics
 * it queries.
 */
import { DailiesError } from '../../errors.js';
import type { SavedQueryExport, SavedQueryNode } from '../../graph/semantic-types.js';
import { folderConfig } from '../../project/index.js';
import type { SavedQueryProperties } from '../../project/semantic/types.js';
import type { LoadedPackage } from '../../project/types.js';
import type { CompileState } from '../compile-state.js';
import { mergeLayers } from '../node-config.js';
import { resourceFolders } from '../package-paths.js';
import { nodeGlobals } from '../context.js';
import { Introspection } from '../introspection.js';
import { nameMacrosOverridden, type NameMacros } from '../node-names.js';
import { pickByPackage, semanticConfig, yamlPaths } from './common.js';

function text(value: unknown): string | null {
  return value === undefined || value === null ? null : String(value);
}

/** A `generate_*_name` macro the project overrides, called as dbt calls it for an export (the export as `node`). */
function generated(state: CompileState, macro: string, custom: string | null, node: Record<string, unknown>): string | null {
  const globals = nodeGlobals(state, null, { phase: 'compile', isIncremental: false, introspection: new Introspection(undefined) });
  const result = state.env.callMacro(macro, [custom, node], {}, globals);
  const value = result === null || result === undefined ? '' : String(result).trim();
  return value === '' || value === 'None' ? null : value;
}

/**
 * An export's config over its saved query's; `schema` is kept as `schema_name`. What is not set
 * comes from the project's `generate_schema_name`/`generate_alias_name`/`generate_database_name`,
 * as dbt asks them (no custom schema, the export's alias and database as custom values, the export
 * as `node`); with dbt's own macros: the target's schema and database, and the export's name.
 */
function exportOf(state: CompileState, macros: NameMacros, name: string, written: Record<string, unknown>, queryConfig: SavedQueryNode['config'], place: SavedQueryProperties['place']): SavedQueryExport {
  const combined: Record<string, unknown> = { ...queryConfig, ...written };
  const exportAs = text(combined.export_as);
  if (exportAs === null || !['table', 'view'].includes(exportAs)) {
    throw new DailiesError('yaml', `export "${name}" needs \`export_as: table\` or \`export_as: view\`${exportAs === null ? '' : ` (not ${exportAs})`}`, {
      place,
      hint: 'Write `config: {export_as: table}` on the export or on its saved query.',
    });
  }
  const config = { export_as: exportAs, schema_name: text(combined.schema_name) ?? text(combined.schema), alias: text(combined.alias), database: text(combined.database) };
  const node = { name, config: { ...config }, unrendered_config: written };
  const database = macros.database ? generated(state, 'generate_database_name', config.database, node) : (config.database ?? state.targetDatabase);
  const schema = macros.schema ? generated(state, 'generate_schema_name', null, node) : state.targetSchema;
  const alias = macros.alias ? generated(state, 'generate_alias_name', config.alias, node) : name;
  return {
    name,
    config: { export_as: exportAs, schema_name: config.schema_name ?? schema, alias: config.alias ?? alias, database: database ?? config.database },
    unrendered_config: written,
  };
}

export function buildSavedQuery(state: CompileState, pkg: LoadedPackage, props: SavedQueryProperties): void {
  const { path, originalFilePath } = yamlPaths(state, pkg, props.place.file);
  const uniqueId = `saved_query.${pkg.name}.${props.name}`;
  const fqn = [pkg.name, ...resourceFolders(pkg.config.modelPaths, originalFilePath), props.name];
  const folder = folderConfig(state.project, pkg, 'saved-queries', fqn);
  const written = mergeLayers(folder, props.config);
  const base = semanticConfig(written);
  const { export_as: exportAs, schema, cache, ...extra } = base.extra;
  const configTags = extra.tags;
  const config: SavedQueryNode['config'] = {
    enabled: base.enabled,
    group: base.group,
    meta: base.meta,
    export_as: text(exportAs),
    schema: text(schema),
    cache: { enabled: Boolean((cache as { enabled?: unknown } | undefined)?.enabled) },
    ...extra,
  };
  const macros = nameMacrosOverridden(state);
  const tagList = Array.isArray(configTags) ? configTags.map(String) : typeof configTags === 'string' ? [configTags] : [];
  const node: SavedQueryNode = {
    name: props.name,
    resource_type: 'saved_query',
    package_name: pkg.name,
    path,
    original_file_path: originalFilePath,
    unique_id: uniqueId,
    fqn,
    query_params: props.queryParams,
    exports: props.exports.map((item) => exportOf(state, macros, item.name, item.config, config, props.place)),
    description: props.description,
    label: props.label,
    metadata: null,
    config,
    // dbt's unrendered config takes each written key over the project's whole (meta is not merged)
    unrendered_config: { ...folder, ...props.config },
    group: base.group,
    depends_on: { macros: [], nodes: [] },
    refs: [],
    tags: [...new Set([...props.tags, ...tagList])].sort(),
    dailies: { place: props.place },
  };
  if (config.enabled) state.manifest.saved_queries[uniqueId] = node;
  else (state.manifest.disabled[uniqueId] ??= []).push(node);
}

/** Each saved query depends on the metrics it queries (dbt's `_process_metrics_for_node`). */
export function linkSavedQueries(state: CompileState): void {
  const metrics = Object.values(state.manifest.metrics);
  for (const query of Object.values(state.manifest.saved_queries)) {
    for (const name of query.query_params.metrics) {
      const metric = pickByPackage(
        metrics.filter((candidate) => candidate.name === name),
        query.package_name,
        state.project.rootPackage.name,
      );
      if (!metric) {
        throw new DailiesError('ref', `Saved_Query '${query.unique_id}' (${query.original_file_path}) depends on a metric named '${name}' which was not found`, {
          place: query.dailies.place,
          hint: 'Name a metric declared under `metrics:` (an enabled one).',
        });
      }
      if (!query.depends_on.nodes.includes(metric.unique_id)) query.depends_on.nodes.push(metric.unique_id);
    }
  }
}
