/**
 * Turns a package's files into node drafts: models, analyses, seeds, snapshots (each
 * `{% snapshot %}` block, and YAML-only snapshots with `relation:`) and singular tests, with
 * their unique_id, fqn, columns and config up to the YAML layer.
 */
import { readFileSync } from 'node:fs';
import type { ColumnInfo, ManifestNode } from '../graph/types.js';
import type { ColumnProperties, LoadedPackage, ModelVersionProperties, NodeProperties, ProjectFile } from '../project/types.js';
import { folderConfig, versionedModelFiles, type VersionedFile } from '../project/index.js';
import type { CompileState, NodeDraft } from './compile-state.js';
import { mergeLayers, type ConfigLayer, type NodeKind } from './node-config.js';
import { lineAt } from './source-lines.js';
import { renderProjectConfigValues } from './project-config-values.js';
import { sha256, sha256Text } from './hashes.js';
import { packageRelative, placeFileOf, resourceFolders } from './package-paths.js';
import { DraftTracker } from './draft-tracker.js';
import { createdAt, DEFAULT_DOCS, NO_DOC_BLOCKS, patchPath } from './dbt-fields.js';

/** dbt-core's MAXIMUM_SEED_SIZE: a seed file of more bytes gets the checksum `{name: 'path', checksum: <its path>}`. */
export const MAXIMUM_SEED_SIZE = 1024 * 1024;

export { sha256 };


export function columnsOf(columns: ColumnProperties[] | undefined): Record<string, ColumnInfo> {
  const out: Record<string, ColumnInfo> = {};
  for (const column of columns ?? []) {
    out[column.name] = {
      name: column.name,
      description: column.description ?? '',
      data_type: column.dataType ?? null,
      constraints: column.constraints ?? [],
      meta: column.meta ?? {},
      tags: column.tags ?? [],
      quote: column.quote ?? null,
      config: { meta: column.meta ?? {}, tags: column.tags ?? [] },
      granularity: null,
      doc_blocks: NO_DOC_BLOCKS,
    };
  }
  return out;
}

/** YAML `config:` plus the top-level `tags`, `meta` and `docs` of a property entry. */
export function yamlLayer(props: { config?: Record<string, unknown>; tags?: string[]; meta?: Record<string, unknown>; docs?: unknown } | undefined): ConfigLayer {
  if (!props) return {};
  const top: ConfigLayer = {};
  if (props.tags && props.tags.length > 0) top.tags = props.tags;
  if (props.meta && Object.keys(props.meta).length > 0) top.meta = props.meta;
  if (props.docs) top.docs = props.docs;
  return mergeLayers(top, props.config ?? {});
}

const RESOURCE_KEY: Record<NodeKind, 'models' | 'seeds' | 'snapshots' | 'data_tests' | null> = {
  model: 'models',
  analysis: null,
  seed: 'seeds',
  snapshot: 'snapshots',
  test: 'data_tests',
};

export function baseConfigFor(state: CompileState, pkg: LoadedPackage, kind: NodeKind, fqn: string[], yaml: ConfigLayer): ConfigLayer {
  const resourceKey = RESOURCE_KEY[kind];
  const folder = resourceKey ? renderProjectConfigValues(state, pkg, folderConfig(state.project, pkg, resourceKey, fqn)) : {};
  return mergeLayers(folder, yaml);
}

interface DraftInput {
  kind: NodeKind;
  pkg: LoadedPackage;
  name: string;
  uniqueId: string;
  fqn: string[];
  path: string;
  originalFilePath: string;
  placeFile: string;
  template: string;
  templateLine: number;
  raw: string;
  /** The text dbt's file checksum covers (the whole file, stripped); default `raw`. */
  checksumText?: string;
  props?: NodeProperties;
  /** The defining file's modification time (ms), when known (else the file is stat'ed). */
  mtimeMs?: number;
  /** The YAML-level config layer of a node without a property entry (a generic test's own config). */
  config?: ConfigLayer;
  /** Where the draft's renders record macro-to-macro calls, when shared with other drafts (generic tests). */
  sharedMacroCalls?: Map<string, Set<string>>;
}

/** One version of a versioned model: its own unique_id (`….v2`), fqn, and the model's YAML merged with the version's. */
function versionedDraft(state: CompileState, pkg: LoadedPackage, file: ProjectFile, entry: VersionedFile): NodeDraft {
  const { props, version, latest } = entry;
  const formatted = `v${String(version.v)}`;
  const draft = makeDraft(state, {
    kind: 'model',
    pkg,
    name: props.name,
    uniqueId: `model.${pkg.name}.${props.name}.${formatted}`,
    fqn: [pkg.name, ...folders(file), props.name, formatted],
    path: file.pathInResourceDir,
    originalFilePath: file.relPath,
    placeFile: placeFileOf(state, file),
    template: file.contents,
    templateLine: 1,
    raw: file.contents.trim(),
    props: versionProperties(props, version),
    mtimeMs: file.mtimeMs,
  });
  draft.node.version = version.v;
  draft.node.latest_version = latest;
  draft.node.deprecation_date = version.deprecationDate;
  return draft;
}

/** dbt's patch of one version: the model's entry, with the version's description, config, columns, tests and constraints over it. */
function versionProperties(props: NodeProperties, version: ModelVersionProperties): NodeProperties {
  const included = (name: string): boolean =>
    (version.include === 'all' || version.include === '*' || version.include.includes(name)) && !version.exclude.includes(name);
  return {
    ...props,
    description: version.description ?? props.description,
    config: deepMerge(props.config, version.config),
    columns: [...props.columns.filter((column) => included(column.name)), ...version.columns],
    tests: version.tests ?? props.tests,
    constraints: version.constraints ?? props.constraints,
    docs: version.docs ?? props.docs,
    versions: undefined,
  };
}

/** dbt's deep_merge: mappings merge key by key, anything else is replaced. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const before = out[key];
    out[key] = isMapping(before) && isMapping(value) ? deepMerge(before, value) : value;
  }
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** dbt 1.11's user-defined functions a node calls: dailies reads none (shared, frozen). */
const NO_FUNCTIONS = Object.freeze([]) as unknown as string[][];

export function makeDraft(state: CompileState, input: DraftInput): NodeDraft {
  // a property file's config renders as dbt renders it (var, env_var, target); a generic test's stays as written
  const yaml = input.config ?? renderProjectConfigValues(state, input.pkg, yamlLayer(input.props), input.props?.place.file);
  const node: ManifestNode = {
    unique_id: input.uniqueId,
    resource_type: input.kind,
    package_name: input.pkg.name,
    name: input.name,
    fqn: input.fqn,
    path: input.path,
    original_file_path: input.originalFilePath,
    database: null,
    schema: state.targetSchema,
    alias: input.name,
    relation_name: null,
    raw_code: input.raw,
    compiled: false,
    language: 'sql',
    config: {} as ManifestNode['config'],
    tags: [],
    description: input.props?.description ?? '',
    columns: columnsOf(input.props?.columns),
    meta: {},
    depends_on: { nodes: [], macros: [] },
    refs: [],
    sources: [],
    checksum: { name: 'sha256', checksum: sha256Text(input.checksumText ?? input.raw) },
    contract: { enforced: false, alias_types: true, checksum: null },
    extra_ctes: [],
    // dbt's fields that dailies does not read (the config's are set again once the config is final)
    created_at: input.mtimeMs !== undefined ? input.mtimeMs / 1000 : createdAt(state, input.placeFile),
    doc_blocks: NO_DOC_BLOCKS,
    docs: DEFAULT_DOCS,
    group: null,
    patch_path: input.props ? patchPath(input.pkg, packageRelative(state, input.pkg, input.props.place.file)) : null,
    build_path: null,
    dailies: {
      place: { file: input.placeFile, line: input.templateLine },
      checksums: { macros: '' },
    },
  };
  if (input.kind === 'model') {
    node.version = null;
    node.latest_version = null;
    node.deprecation_date = input.props?.deprecationDate ?? null;
    node.access = 'protected';
    node.constraints = input.props?.constraints ?? [];
    node.primary_key = [];
    node.time_spine = null;
  }
  if (input.kind === 'seed') node.root_path = input.pkg.root;
  else {
    node.compiled_path = null;
    node.functions = NO_FUNCTIONS;
    node.metrics = [];
  }
  return {
    node,
    kind: input.kind,
    pkg: input.pkg,
    template: input.template,
    placeFile: input.placeFile,
    templateLine: input.templateLine,
    baseConfig: baseConfigFor(state, input.pkg, input.kind, input.fqn, yaml),
    inFileConfig: {},
    configCalls: {},
    yamlConfig: input.config ?? (input.props ? renderProjectConfigValues(state, input.pkg, input.props.config, input.props.place.file) : {}),
    props: input.props,
    pending: [],
    printedTokens: new Set(),
    parseOutput: null,
    needsRerender: false,
    tracker: new DraftTracker(input.sharedMacroCalls),
    directMacros: [],
  };
}

function stem(file: ProjectFile): string {
  const base = file.pathInResourceDir.split('/').pop() ?? file.pathInResourceDir;
  return base.replace(/\.(sql|csv)$/i, '');
}

function folders(file: ProjectFile): string[] {
  const parts = file.pathInResourceDir.split('/');
  parts.pop();
  return parts;
}


const SNAPSHOT_BLOCK = /\{%-?\s*snapshot\s+([A-Za-z_][\w]*)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\}/g;

/** Every node draft of a package (before any template is rendered). */
export function packageDrafts(state: CompileState, pkg: LoadedPackage): NodeDraft[] {
  const props = new Map<string, NodeProperties>();
  for (const entry of pkg.properties.nodes) props.set(`${entry.resourceType}:${entry.name}`, entry);
  const drafts: NodeDraft[] = [];
  /** A node that is a whole file: its template is the file's text (seeds have none). */
  const fileNode = (kind: 'model' | 'analysis' | 'seed' | 'test', file: ProjectFile, template = file.contents): NodeDraft => {
    const name = stem(file);
    // dbt files an analysis under `analysis/` (its compiled path), which its path and fqn keep
    const under = kind === 'analysis' ? ['analysis'] : [];
    return makeDraft(state, {
      kind,
      pkg,
      name,
      uniqueId: `${kind}.${pkg.name}.${name}`,
      fqn: [pkg.name, ...under, ...folders(file), name],
      path: [...under, file.pathInResourceDir].join('/'),
      originalFilePath: file.relPath,
      placeFile: placeFileOf(state, file),
      template,
      templateLine: 1,
      // dbt keeps a file's contents stripped, and hashes that
      raw: template.trim(),
      props: props.get(`${kind}:${name}`),
      mtimeMs: file.mtimeMs,
    });
  };
  const versioned = versionedModelFiles(pkg).files;
  for (const file of pkg.models) {
    const version = versioned.get(file);
    drafts.push(version ? versionedDraft(state, pkg, file, version) : fileNode('model', file));
  }
  for (const file of pkg.analyses) drafts.push(fileNode('analysis', file));

  for (const file of pkg.seeds) {
    const bytes = readFileSync(file.absPath);
    const draft = fileNode('seed', file, '');
    // dbt hashes a seed's stripped text, unless the file is over 1 MiB: then its checksum is its
    // path (dbt cannot tell an edit); dailies keeps the hash apart, for its own state comparison
    const contents = sha256(bytes.toString('utf8').trim());
    if (bytes.length > MAXIMUM_SEED_SIZE) {
      draft.node.checksum = { name: 'path', checksum: draft.node.original_file_path };
      draft.node.dailies.checksums.contents = contents;
    } else draft.node.checksum = { name: 'sha256', checksum: contents };
    draft.node.dailies.seedPath = file.absPath;
    drafts.push(draft);
  }

  for (const file of pkg.snapshots) {
    const fileStem = stem(file);
    for (const match of file.contents.matchAll(SNAPSHOT_BLOCK)) {
      const name = match[1];
      const innerStart = (match.index ?? 0) + match[0].indexOf('%}') + 2;
      drafts.push(
        makeDraft(state, {
          kind: 'snapshot',
          pkg,
          name,
          uniqueId: `snapshot.${pkg.name}.${name}`,
          fqn: [pkg.name, ...folders(file), fileStem, name],
          path: file.pathInResourceDir,
          originalFilePath: file.relPath,
          placeFile: placeFileOf(state, file),
          template: match[2],
          templateLine: lineAt(file.contents, innerStart),
          raw: match[2],
          checksumText: file.contents.trim(),
          props: props.get(`snapshot:${name}`),
          mtimeMs: file.mtimeMs,
        }),
      );
    }
  }
  for (const entry of pkg.properties.nodes) {
    if (entry.resourceType !== 'snapshot' || entry.relation === undefined) continue;
    const relation = entry.relation.trim().replace(/^\{\{\s*|\s*\}\}$/g, '');
    const template = `select * from {{ ${relation} }}`;
    const yamlPath = packageRelative(state, pkg, entry.place.file);
    drafts.push(
      makeDraft(state, {
        kind: 'snapshot',
        pkg,
        name: entry.name,
        uniqueId: `snapshot.${pkg.name}.${entry.name}`,
        fqn: [pkg.name, ...resourceFolders(pkg.config.snapshotPaths, yamlPath), entry.name],
        path: yamlPath,
        originalFilePath: yamlPath,
        placeFile: entry.place.file,
        template,
        templateLine: entry.place.line ?? 1,
        raw: template,
        props: entry,
      }),
    );
  }

  for (const file of pkg.singularTests) drafts.push(fileNode('test', file));
  return drafts;
}
