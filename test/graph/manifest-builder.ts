/**
 * Hand-made manifests for graph tests: a few lines per node, ids and paths filled in the way the
 * compiler fills them.
 */
import type { ExposureNode, Manifest, ManifestNode, NodeConfig, SourceDefinitionNode } from '../../src/graph/types.js';
import { emptyManifest } from '../../src/graph/manifest.js';

type BuildableType = 'model' | 'seed' | 'snapshot' | 'test' | 'analysis';

export interface NodeOptions {
  /** Folder under the resource folder, e.g. `staging` or `marts/finance`. */
  folder?: string;
  package?: string;
  /** Names (or unique ids) of nodes this one refs. */
  refs?: string[];
  sources?: [string, string][];
  tags?: string[];
  config?: Partial<NodeConfig>;
  raw?: string;
  /** Defaults to `raw` with whitespace folded. */
  macros?: Record<string, string>;
  /** An enforced contract, as `column:type` pairs joined by commas (`id:int,name:text`); also sets the columns. */
  contract?: string | null;
  contents?: string | null;
  description?: string;
  /** Generic tests: the test macro's name and column. */
  testMetadata?: { name: string; namespace?: string | null; column?: string };
}

const RESOURCE_FOLDERS: Record<BuildableType, string> = { model: 'models', seed: 'seeds', snapshot: 'snapshots', test: 'tests', analysis: 'analyses' };
const EXTENSIONS: Record<BuildableType, string> = { model: 'sql', seed: 'csv', snapshot: 'sql', test: 'sql', analysis: 'sql' };

export class ManifestBuilder {
  private readonly nodes: Record<string, ManifestNode> = {};
  private readonly sources: Record<string, SourceDefinitionNode> = {};
  private readonly exposures: Record<string, ExposureNode> = {};
  private readonly macros: Manifest['macros'] = {};
  /** name → unique id of models, seeds, snapshots and analyses (what ref() can name). */
  private readonly byName = new Map<string, string>();

  constructor(readonly project = 'shop') {}

  model(name: string, options: NodeOptions = {}): this {
    return this.node('model', name, options);
  }

  seed(name: string, options: NodeOptions = {}): this {
    return this.node('seed', name, { contents: `hash-of-${name}`, raw: '', ...options });
  }

  snapshot(name: string, options: NodeOptions = {}): this {
    return this.node('snapshot', name, options);
  }

  analysis(name: string, options: NodeOptions = {}): this {
    return this.node('analysis', name, options);
  }

  /** A generic test (`not_null` on `column`) of the given models. */
  genericTest(testName: string, on: string[], column = 'id', options: NodeOptions = {}): this {
    const name = `${testName}_${on.join('_')}_${column}`;
    return this.node('test', name, { refs: on, testMetadata: { name: testName, column }, folder: options.folder ?? '', ...options });
  }

  /** A singular test (a .sql file under tests/) of the given models. */
  singularTest(name: string, on: string[], options: NodeOptions = {}): this {
    return this.node('test', name, { refs: on, ...options });
  }

  source(sourceName: string, table: string, options: { package?: string; tags?: string[]; description?: string; config?: Record<string, unknown>; file?: string } = {}): this {
    const pkg = options.package ?? this.project;
    const id = `source.${pkg}.${sourceName}.${table}`;
    const file = options.file ?? 'models/staging/sources.yml';
    this.sources[id] = {
      unique_id: id,
      resource_type: 'source',
      package_name: pkg,
      source_name: sourceName,
      name: table,
      identifier: table,
      fqn: [pkg, ...file.split('/').slice(1, -1), sourceName, table],
      path: file,
      original_file_path: file,
      database: null,
      schema: 'raw',
      relation_name: `"raw"."${table}"`,
      description: options.description ?? '',
      source_description: '',
      loader: '',
      loaded_at_field: null,
      freshness: null,
      columns: {},
      meta: {},
      tags: options.tags ?? [],
      config: { enabled: true, ...options.config },
      dailies: { place: { file, line: 1 } },
    };
    return this;
  }

  exposure(name: string, dependsOn: string[], options: { tags?: string[]; description?: string } = {}): this {
    const id = `exposure.${this.project}.${name}`;
    const file = 'models/exposures.yml';
    this.exposures[id] = {
      unique_id: id,
      resource_type: 'exposure',
      package_name: this.project,
      name,
      type: 'dashboard',
      description: options.description ?? '',
      owner: { name: 'analytics' },
      fqn: [this.project, name],
      path: file,
      original_file_path: file,
      depends_on: { nodes: dependsOn.map((ref) => this.resolve(ref)), macros: [] },
      refs: dependsOn.map((ref) => ({ name: ref, package: null, version: null })),
      sources: [],
      meta: {},
      tags: options.tags ?? [],
      dailies: { place: { file, line: 1 } },
    };
    return this;
  }

  macro(name: string, checksum: string, pkg = this.project): this {
    const id = `macro.${pkg}.${name}`;
    const file = `macros/${name}.sql`;
    this.macros[id] = {
      unique_id: id,
      resource_type: 'macro',
      package_name: pkg,
      name,
      path: file,
      original_file_path: file,
      macro_sql: `{% macro ${name}() %}${checksum}{% endmacro %}`,
      description: '',
      arguments: [],
      depends_on: { macros: [] },
      dailies: { place: { file, line: 1 }, checksum },
    };
    return this;
  }

  /** Changes a node already added (for building a "head" from a "base"). */
  edit(name: string, change: (node: ManifestNode) => void): this {
    change(this.nodes[this.resolve(name)]);
    return this;
  }

  build(): Manifest {
    return structuredClone(
      emptyManifest(
        { project_name: this.project, adapter_type: 'duckdb', target_name: 'dev', generated_at: '2026-01-01T00:00:00Z' },
        { nodes: this.nodes, sources: this.sources, macros: this.macros, exposures: this.exposures },
      ),
    );
  }

  private resolve(ref: string): string {
    if (ref.includes('.') && (ref in this.nodes || ref in this.sources)) return ref;
    const found = this.byName.get(ref);
    if (!found) throw new Error(`builder: no node named ${ref} yet`);
    return found;
  }

  private node(type: BuildableType, name: string, options: NodeOptions): this {
    const pkg = options.package ?? this.project;
    const id = `${type}.${pkg}.${name}`;
    const folder = options.folder ?? (type === 'model' ? 'staging' : '');
    const pathInFolder = [folder, `${name}.${EXTENSIONS[type]}`].filter(Boolean).join('/');
    const originalFile = `${RESOURCE_FOLDERS[type]}/${pathInFolder}`;
    const raw = options.raw ?? `select * from {{ ref('${(options.refs ?? [])[0] ?? 'x'}') }}`;
    const tags = options.tags ?? [];
    const config: NodeConfig = {
      enabled: true,
      materialized: type === 'model' ? 'view' : type === 'test' ? 'test' : type === 'seed' ? 'seed' : 'table',
      schema: null,
      database: null,
      alias: null,
      tags,
      meta: {},
      'pre-hook': [],
      'post-hook': [],
      contract: { enforced: false },
      persist_docs: {},
      column_types: {},
      ...options.config,
      ...(options.contract != null ? { contract: { enforced: true } } : {}),
    };
    const dependsOn = [...(options.refs ?? []).map((ref) => this.resolve(ref)), ...(options.sources ?? []).map(([s, t]) => `source.${pkg}.${s}.${t}`)];
    if (type !== 'test') this.byName.set(name, id);
    this.nodes[id] = {
      unique_id: id,
      resource_type: type,
      package_name: pkg,
      name,
      fqn: [pkg, ...folder.split('/').filter(Boolean), name],
      path: pathInFolder,
      original_file_path: originalFile,
      database: null,
      schema: 'main',
      alias: name,
      relation_name: type === 'test' ? null : `"main"."${name}"`,
      raw_code: raw,
      compiled: false,
      language: 'sql',
      config,
      tags,
      description: options.description ?? '',
      columns: contractColumns(options.contract),
      meta: {},
      depends_on: { nodes: dependsOn, macros: Object.keys(options.macros ?? {}) },
      refs: (options.refs ?? []).map((ref) => ({ name: ref, package: null, version: null })),
      sources: options.sources ?? [],
      checksum: { name: 'sha256', checksum: type === 'seed' ? options.contents ?? '' : `sha-${raw}` },
      contract: { enforced: options.contract != null, alias_types: true, checksum: options.contract ?? null },
      ...(options.testMetadata
        ? { test_metadata: { name: options.testMetadata.name, kwargs: {}, namespace: options.testMetadata.namespace ?? null }, column_name: options.testMetadata.column ?? null }
        : {}),
      extra_ctes: [],
      dailies: {
        place: { file: originalFile, line: 1 },
        checksums: {
          macros: Object.entries(options.macros ?? {})
            .map(([id, checksum]) => `${id}:${checksum}`)
            .join('\n'),
        },
      },
    };
    return this;
  }
}

function contractColumns(contract: string | null | undefined): ManifestNode['columns'] {
  const columns: ManifestNode['columns'] = {};
  for (const pair of (contract ?? '').split(',').filter(Boolean)) {
    const [name, type] = pair.split(':');
    columns[name] = { name, description: '', data_type: type ?? null, constraints: [], meta: {}, tags: [], quote: null };
  }
  return columns;
}
