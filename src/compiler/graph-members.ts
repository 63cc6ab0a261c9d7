/**
 * The manifest members that are not rendered as SQL: sources (database/schema may hold Jinja),
 * exposures (depends_on strings resolved to nodes), doc blocks, macros, and rendered descriptions.
 */
import { quotingOf } from '../graph/node-relation.js';
import { DailiesError, type SourcePlace } from '../errors.js';
import { folderConfig } from '../project/index.js';
import type { ExposureNode, SourceDefinitionNode } from '../graph/types.js';
import type { CompileState } from './compile-state.js';
import { nodeGlobals } from './context.js';
import { Introspection } from './introspection.js';
import { columnsOf } from './node-drafts.js';
import { exposureUnrenderedConfig, freshnessDict, loadedAtClash, loadedAtFieldOf, loadedAtQueryOf, sourceUnrenderedConfig } from './unrendered-config.js';
import { packageRelative, placeFileOf, resourceFolders } from './package-paths.js';
import { mergeLayers } from './node-config.js';
import { createdAt, docBlocks, docsOf, patchPath } from './dbt-fields.js';

const yamlGlobalsCache = new WeakMap<CompileState, Record<string, unknown>>();

/** Globals for YAML values (source schemas, descriptions): target, var, env_var, doc, no node. */
function yamlGlobals(state: CompileState): Record<string, unknown> {
  let globals = yamlGlobalsCache.get(state);
  if (!globals) {
    globals = nodeGlobals(state, null, { phase: 'compile', isIncremental: false, introspection: new Introspection(undefined) });
    yamlGlobalsCache.set(state, globals);
  }
  return globals;
}

/** Renders a YAML value when it holds Jinja; plain text is returned as is. */
export function renderYamlText(state: CompileState, text: string, place: { file: string; line?: number }): string {
  if (!text.includes('{{') && !text.includes('{%')) return text;
  return state.env.render(text, yamlGlobals(state), place).trim();
}

export function buildDocs(state: CompileState): void {
  for (const pkg of state.project.packages) {
    for (const doc of pkg.docs) {
      const uniqueId = `doc.${pkg.name}.${doc.name}`;
      const node = {
        unique_id: uniqueId,
        resource_type: 'doc' as const,
        package_name: pkg.name,
        name: doc.name,
        path: packageRelative(state, pkg, doc.place.file),
        original_file_path: packageRelative(state, pkg, doc.place.file),
        block_contents: doc.contents,
      };
      state.manifest.docs[uniqueId] = node;
      const list = state.docIndex.get(doc.name) ?? [];
      if (pkg.isRoot) list.unshift(node);
      else list.push(node);
      state.docIndex.set(doc.name, list);
    }
  }
}

export function buildMacros(state: CompileState): void {
  for (const macro of state.env.macros()) {
    const file = macro.file;
    state.manifest.macros[macro.uniqueId] = {
      unique_id: macro.uniqueId,
      resource_type: 'macro',
      package_name: macro.packageName,
      name: macro.name,
      path: file ? file.relPath : '',
      original_file_path: file ? file.relPath : '',
      macro_sql: macro.sql,
      description: '',
      arguments: macro.argNames.map((name) => ({ name })),
      depends_on: { macros: [] },
      supported_languages: macro.materialization ? macro.materialization.supportedLanguages : null,
      patch_path: null,
      meta: {},
      docs: { show: true, node_color: null },
      config: { meta: {}, docs: { show: true, node_color: null } },
      // a macro of dbt's own (no file): 0
      created_at: file ? (file.mtimeMs !== undefined ? file.mtimeMs / 1000 : createdAt(state, placeFileOf(state, file))) : 0,
      dailies: { place: { file: file ? file.relPath : '', line: macro.line }, checksum: macro.checksum },
    };
  }
  for (const pkg of state.project.packages) {
    for (const props of pkg.properties.macros) {
      const macro = state.manifest.macros[`macro.${pkg.name}.${props.name}`];
      if (!macro) continue;
      macro.description = props.description;
      if (props.arguments.length > 0) macro.arguments = props.arguments;
      // as dbt's macro patch: config's meta over the top-level one, config's docs else the top-level ones
      const meta = { ...props.meta, ...(isMap(props.config.meta) ? props.config.meta : {}) };
      const docs = docsOf(props.config.docs ?? props.docs);
      macro.patch_path = patchPath(pkg, packageRelative(state, pkg, props.place.file));
      macro.meta = meta;
      macro.docs = docs;
      macro.config = { meta, docs };
      macro.created_at = createdAt(state, props.place.file);
    }
  }
}

/** Macro descriptions (and their arguments') render `doc()` as dbt's do, once the doc blocks are known. */
export function renderMacroDocs(state: CompileState): void {
  for (const pkg of state.project.packages) {
    for (const props of pkg.properties.macros) {
      const macro = state.manifest.macros[`macro.${pkg.name}.${props.name}`];
      if (!macro) continue;
      macro.description = renderYamlText(state, macro.description, props.place);
      for (const argument of macro.arguments) if (argument.description) argument.description = renderYamlText(state, argument.description, props.place);
    }
  }
}

export function buildSources(state: CompileState): void {
  for (const pkg of state.project.packages) {
    for (const source of pkg.properties.sources) {
      const yamlPath = packageRelative(state, pkg, source.place.file);
      const folders = resourceFolders(pkg.config.modelPaths, yamlPath);
      const database = source.database !== undefined ? renderYamlText(state, source.database, source.place) : state.targetDatabase;
      const schema = renderYamlText(state, source.schema ?? source.name, source.place);
      for (const table of source.tables) {
        const uniqueId = `source.${pkg.name}.${source.name}.${table.name}`;
        const fqn = [pkg.name, ...folders, source.name, table.name];
        const merged = mergeLayers({ enabled: true }, folderConfig(state.project, pkg, 'sources', fqn), source.config, table.config);
        const identifier = renderYamlText(state, table.identifier ?? table.name, table.place);
        const quoting = quotingOf({ quoting: { ...state.project.rootPackage.config.quoting, ...source.quoting, ...table.quoting } });
        const written = { ...source.quoting, ...table.quoting };
        const freshness = table.freshness === null ? null : freshnessDict(mergeFreshness(source.freshness, table.freshness) ?? {});
        const clash = loadedAtClash(source, table);
        if (clash) {
          throw new DailiesError('yaml', `Cannot specify both loaded_at_field and loaded_at_query at ${clash} level.`, {
            place: clash === 'table' ? table.place : source.place,
            hint: 'keep one: loaded_at_field (a column) or loaded_at_query (a select of the newest load time)',
          });
        }
        const loadedAtField = loadedAtFieldOf(source, table);
        // dbt's: the source's meta, its config's, the table's, the table's config's
        const metaOf = (side: { meta: Record<string, unknown>; config: Record<string, unknown> }): Record<string, unknown> => ({ ...side.meta, ...(isMap(side.config.meta) ? side.config.meta : {}) });
        const meta = { ...metaOf(source), ...metaOf(table) };
        const tags = [...new Set([...source.tags, ...table.tags, ...((merged.tags as string[] | undefined) ?? [])])];
        const config = sourceConfig(merged, freshness, loadedAtField, loadedAtQueryOf(source, table), meta, tags);
        const node: SourceDefinitionNode = {
          unique_id: uniqueId,
          resource_type: 'source',
          package_name: pkg.name,
          source_name: source.name,
          name: table.name,
          identifier,
          fqn,
          path: yamlPath,
          original_file_path: yamlPath,
          database: database || null,
          schema,
          unrendered_database: source.database ?? null,
          unrendered_schema: source.schema ?? null,
          relation_name: state.dialect.renderRelation({ database: database || null, schema, identifier, ...(quoting ? { quoting } : {}) }),
          quoting: { database: written.database ?? null, schema: written.schema ?? null, identifier: written.identifier ?? null, column: written.column ?? null },
          external: table.external ? externalOf(table.external) : null,
          loaded_at_query: config.loaded_at_query as string | null,
          source_meta: metaOf(source),
          doc_blocks: docBlocks(state, table.description, pkg.name),
          patch_path: null,
          created_at: createdAt(state, table.place.file),
          description: renderYamlText(state, table.description, table.place),
          source_description: renderYamlText(state, source.description, source.place),
          loader: source.loader ?? '',
          loaded_at_field: loadedAtField,
          // as dbt writes it: every key, nulls when not set (no threshold: no freshness check); null when turned off
          freshness,
          columns: columnsOf(table.columns),
          meta,
          tags,
          config,
          unrendered_config: sourceUnrenderedConfig(pkg, state.project.rootPackage, fqn, source, table, mergeFreshness(source.freshness, table.freshness)),
          dailies: { place: table.place, ...(quoting ? { quoting } : {}) },
        };
        for (const column of Object.values(node.columns)) {
          column.doc_blocks = docBlocks(state, column.description, pkg.name);
          column.description = renderYamlText(state, column.description, table.place);
        }
        if (config.enabled === false) {
          (state.manifest.disabled[uniqueId] ??= []).push(node);
          continue;
        }
        state.manifest.sources[uniqueId] = node;
        state.addSource(source.name, table.name, pkg.name, uniqueId);
      }
    }
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A source table's config as dbt's SourceConfig writes it: its keys first (meta, tags, freshness … as the table has them), then the rest. */
function sourceConfig(merged: Record<string, unknown>, freshness: unknown, loadedAtField: string | null, loadedAtQuery: string | null, meta: Record<string, unknown>, tags: string[]): Record<string, unknown> {
  return {
    ...merged,
    enabled: merged.enabled !== false,
    event_time: merged.event_time ?? null,
    freshness,
    loaded_at_field: loadedAtField,
    loaded_at_query: loadedAtQuery,
    meta,
    tags,
    static_analysis: merged.static_analysis ?? null,
  };
}

/** dbt's ExternalTable: its known keys (null when not written), then any others as written. */
function externalOf(external: Record<string, unknown>): Record<string, unknown> {
  const known = { location: null, file_format: null, row_format: null, tbl_properties: null, partitions: null };
  return { ...known, ...external };
}

/** A table's freshness over its source's, key by key (dbt's merge); `freshness: null` on the table turns it off. */
function mergeFreshness(source: unknown, table: unknown): unknown {
  if (table === null) return null;
  if (table === undefined) return source ?? null;
  if (source === null || source === undefined || typeof source !== 'object' || typeof table !== 'object') return table;
  return { ...(source as object), ...(table as object) };
}

const CALL = /\b(ref|source|metric)\s*\(([^)]*)\)/g;

/** `metric('name')` / `metric('package', 'name')` in an exposure's depends_on (built after the semantic layer). */
function resolveMetric(state: CompileState, args: string[], place: SourcePlace, fromPackage: string): string {
  const [pkg, name] = args.length >= 2 ? [args[0], args[1]] : [null, args[0] ?? ''];
  const candidates = Object.values(state.manifest.metrics).filter((metric) => metric.name === name && (pkg === null || metric.package_name === pkg));
  // dbt-core 1.11's default order: the root project, then the exposure's package, then any
  const found = candidates.find((metric) => metric.package_name === state.project.rootPackage.name) ?? candidates.find((metric) => metric.package_name === fromPackage) ?? candidates[0];
  if (!found) {
    throw new DailiesError('ref', `an exposure depends on a metric named '${pkg ? `${pkg}.${name}` : name}' which was not found`, { place, hint: 'Name a metric declared under `metrics:` (an enabled one).' });
  }
  return found.unique_id;
}

export function buildExposures(state: CompileState): void {
  for (const pkg of state.project.packages) {
    for (const exposure of pkg.properties.exposures) {
      const yamlPath = packageRelative(state, pkg, exposure.place.file);
      const uniqueId = `exposure.${pkg.name}.${exposure.name}`;
      const fqn = [pkg.name, ...resourceFolders(pkg.config.modelPaths, yamlPath), exposure.name];
      // dbt's ExposureConfig: dbt_project.yml's `exposures:` levels, then `config:`; tags (sorted) and meta joined with the top-level ones
      const merged = mergeLayers({ enabled: true }, folderConfig(state.project, pkg, 'exposures', fqn), exposure.config);
      const configTags = Array.isArray(merged.tags) ? merged.tags.map(String) : typeof merged.tags === 'string' ? [merged.tags] : [];
      const tags = [...new Set([...exposure.tags, ...configTags])].sort();
      const meta = { ...exposure.meta, ...(isMap(merged.meta) ? merged.meta : {}) };
      const node: ExposureNode = {
        unique_id: uniqueId,
        resource_type: 'exposure',
        package_name: pkg.name,
        name: exposure.name,
        type: exposure.type,
        description: renderYamlText(state, exposure.description, exposure.place),
        label: exposure.label ?? null,
        maturity: exposure.maturity ?? null,
        url: exposure.url ?? null,
        owner: exposure.owner,
        fqn,
        path: yamlPath,
        original_file_path: yamlPath,
        depends_on: { nodes: [], macros: [] },
        refs: [],
        sources: [],
        metrics: [],
        meta,
        tags,
        config: { ...merged, enabled: merged.enabled !== false, tags, meta },
        unrendered_config: exposureUnrenderedConfig(pkg, fqn, exposure.config),
        created_at: createdAt(state, exposure.place.file),
        dailies: { place: exposure.place },
      };
      const place = { file: exposure.place.file, text: exposure.dependsOn.join('\n'), line: exposure.place.line ?? 1 };
      for (const text of exposure.dependsOn) {
        for (const match of text.matchAll(CALL)) {
          // `ref('m', v=2)` / `version='2'`: the version, and the rest without it
          const versionArg = /,?\s*\b(?:v|version)\s*=\s*(?:(['"])([^'"]*)\1|([\w.]+))/.exec(match[2]);
          const version = versionArg ? (versionArg[2] ?? (Number.isNaN(Number(versionArg[3])) ? versionArg[3]! : Number(versionArg[3]))) : null;
          const args = versionArg ? match[2].replace(versionArg[0], '') : match[2];
          const strings = [...args.matchAll(/['"]([^'"]*)['"]/g)].map((found) => found[1]);
          let target: string;
          if (match[1] === 'ref') {
            const ref = strings.length >= 2 ? { name: strings[1], package: strings[0], version } : { name: strings[0] ?? '', package: null, version };
            node.refs.push(ref);
            target = state.resolveRef(null, ref, place);
          } else if (match[1] === 'metric') {
            (node.metrics ??= []).push(strings);
            target = resolveMetric(state, strings, exposure.place, pkg.name);
          } else {
            node.sources.push([strings[0] ?? '', strings[1] ?? '']);
            target = state.resolveSource(null, strings[0] ?? '', strings[1] ?? '', place);
          }
          if (!node.depends_on.nodes.includes(target)) node.depends_on.nodes.push(target);
        }
      }
      if (node.config!.enabled) state.manifest.exposures[uniqueId] = node;
      else (state.manifest.disabled[uniqueId] ??= []).push(node);
    }
  }
}
