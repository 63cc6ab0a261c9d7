import { DailiesError } from '../../src/errors.js';
/**
 * Test helpers for the run engine: hand-built manifest nodes, a small fake ProjectCompiler
 * (compileForRun returns each node's compiled code), and a real in-memory DuckDB adapter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProjectCompiler, RunRuntime } from '../../src/compiler/api.js';
import type { MaterializationChoice } from '../../src/compiler/materialization-choice.js';
import type { ColumnInfo, Manifest, ManifestNode, NodeConfig } from '../../src/graph/types.js';
import { runBuild } from '../../src/run/index.js';
import type { RunEvent, RunOptions, RunResults } from '../../src/run/index.js';
import type { Adapter, Row } from '../../src/warehouse/adapter.js';
import { openAdapter } from '../../src/warehouse/index.js';
import { emptyManifest } from '../../src/graph/manifest.js';

export interface NodeSpec {
  id: string;
  sql?: string;
  /** SQL when is_incremental() is true (defaults to `sql`). */
  incrementalSql?: string;
  type?: ManifestNode['resource_type'];
  schema?: string;
  alias?: string;
  dependsOn?: string[];
  config?: Partial<NodeConfig>;
  columns?: Record<string, string | null>;
  seedPath?: string;
  attachedNode?: string;
}

export function makeNode(spec: NodeSpec): ManifestNode {
  const [typeFromId, packageName = 'proj', ...rest] = spec.id.split('.');
  const type = spec.type ?? (typeFromId as ManifestNode['resource_type']);
  const name = rest.join('.');
  const schema = spec.schema ?? 'main';
  const alias = spec.alias ?? name;
  const config: NodeConfig = {
    enabled: true,
    materialized: type === 'model' ? 'view' : type === 'test' ? 'test' : type,
    schema: null,
    database: null,
    alias: null,
    tags: [],
    meta: {},
    'pre-hook': [],
    'post-hook': [],
    contract: { enforced: false },
    persist_docs: {},
    column_types: {},
    ...(type === 'test' ? { severity: 'error' } : {}),
    ...spec.config,
  };
  const columns: Record<string, ColumnInfo> = {};
  for (const [column, dataType] of Object.entries(spec.columns ?? {})) {
    columns[column] = { name: column, description: '', data_type: dataType, constraints: [], meta: {}, tags: [], quote: null };
  }
  const file = type === 'seed' ? `seeds/${name}.csv` : type === 'test' ? `tests/${name}.sql` : `models/${name}.sql`;
  return {
    unique_id: spec.id,
    resource_type: type,
    package_name: packageName,
    name,
    fqn: [packageName, name],
    path: `${name}.sql`,
    original_file_path: file,
    database: null,
    schema,
    alias,
    relation_name: type === 'test' ? null : `"memory"."${schema}"."${alias}"`,
    raw_code: spec.sql ?? '',
    compiled_code: spec.sql ?? '',
    compiled: true,
    language: 'sql',
    config,
    tags: [],
    description: '',
    columns,
    meta: {},
    depends_on: { nodes: spec.dependsOn ?? [], macros: [] },
    refs: [],
    sources: [],
    checksum: { name: 'sha256', checksum: '' },
    contract: { enforced: config.contract?.enforced ?? false, alias_types: true, checksum: null },
    extra_ctes: [],
    ...(spec.attachedNode ? { attached_node: spec.attachedNode } : {}),
    dailies: {
      place: { file, line: 1 },
      checksums: { macros: '' },
      ...(spec.seedPath ? { seedPath: spec.seedPath } : {}),
    },
  };
}

export function makeManifest(nodes: ManifestNode[]): Manifest {
  const byId = Object.fromEntries(nodes.map((node) => [node.unique_id, node]));
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  for (const node of nodes) {
    parentMap[node.unique_id] = [...node.depends_on.nodes];
    childMap[node.unique_id] ??= [];
    for (const parent of node.depends_on.nodes) (childMap[parent] ??= []).push(node.unique_id);
  }
  return emptyManifest(
    { project_name: 'proj', adapter_type: 'duckdb', target_name: 'dev', generator: 'test' },
    { nodes: byId, parent_map: parentMap, child_map: childMap },
  );
}

/** A compiler whose SQL can be changed between runs (to simulate edits to a model). */
export class FakeCompiler implements ProjectCompiler {
  readonly manifest: Manifest;
  readonly compileErrors = new Map<string, DailiesError>();
  readonly incrementalSql = new Map<string, string>();
  readonly renderedHooks: string[] = [];
  constructor(specs: NodeSpec[]) {
    this.manifest = makeManifest(specs.map(makeNode));
    for (const spec of specs) if (spec.incrementalSql) this.incrementalSql.set(spec.id, spec.incrementalSql);
  }
  setSql(id: string, sql: string, incrementalSql?: string): void {
    this.manifest.nodes[id]!.compiled_code = sql;
    if (incrementalSql !== undefined) this.incrementalSql.set(id, incrementalSql);
    else this.incrementalSql.delete(id);
  }
  async compileForRun(uniqueId: string, runtime: RunRuntime): Promise<string> {
    const node = this.manifest.nodes[uniqueId];
    if (!node) throw new Error(`unknown node ${uniqueId}`);
    if (runtime.isIncremental && this.incrementalSql.has(uniqueId)) return this.incrementalSql.get(uniqueId)!;
    return node.compiled_code ?? '';
  }
  async compileInline(sql: string): Promise<string> {
    return sql;
  }
  async renderHook(sql: string): Promise<string> {
    this.renderedHooks.push(sql);
    return sql;
  }
  async renderSourceQuery(sql: string): Promise<string> {
    return sql;
  }
  /** The fake knows only dbt's own materializations (a custom one needs the real compiler). */
  materializationFor(uniqueId: string): MaterializationChoice | null {
    const name = String(this.manifest.nodes[uniqueId]?.config.materialized);
    return ['view', 'table', 'incremental', 'ephemeral'].includes(name) ? { kind: 'core', name } : null;
  }
  async runMaterialization(): Promise<never> {
    throw new Error('the fake compiler runs no {% materialization %} blocks');
  }

  async runOperation(): Promise<never> {
    throw new Error('the fake compiler runs no operations');
  }

  /** No project macros: only the native strategies. */
  strategyMacro(): string | null {
    return null;
  }
  async renderStrategy(): Promise<string> {
    throw new Error('FakeCompiler has no strategy macros');
  }
}

export interface Warehouse {
  adapter: Adapter;
  dir: string;
  close(): Promise<void>;
}

export async function openWarehouse(threads = 4): Promise<Warehouse> {
  const dir = mkdtempSync(join(tmpdir(), 'dailies-run-'));
  const adapter = await openAdapter({ name: 'dev', type: 'duckdb', schema: 'main', threads, path: ':memory:' });
  return {
    adapter,
    dir,
    async close() {
      await adapter.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function build(
  warehouse: Warehouse,
  compiler: ProjectCompiler,
  options: Partial<RunOptions> = {},
): Promise<RunResults & { events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const results = await runBuild({
    compiler,
    adapter: warehouse.adapter,
    select: Object.keys(compiler.manifest.nodes),
    command: 'build',
    threads: 1,
    targetDir: join(warehouse.dir, 'target'),
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { ...results, events };
}

export async function rows(adapter: Adapter, sql: string): Promise<Row[]> {
  return (await adapter.execute(sql)).rows;
}

export function statusOf(results: RunResults, id: string): string | undefined {
  return results.results.find((result) => result.unique_id === id)?.status;
}
