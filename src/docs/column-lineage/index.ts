/**
 * Column-level lineage of a project's SQL models: each model's compiled SQL is parsed by DuckDB's
 * parser (`json_serialize_sql`), then its output columns are traced to the columns of its parents.
 * Models are resolved parents first, so a model's `select *` from another model expands to that
 * model's derived columns even when nothing is built; the warehouse catalog's columns win when known.
 */
import { buildDag } from '../../graph/index.js';
import type { Manifest, ManifestNode } from '../../graph/types.js';
import { parseSelectStatements, type SyntaxTree } from '../../warehouse/duckdb/index.js';
import { LineageResolver, type OutputColumn, type UpstreamRelation } from './resolve.js';

export type { ColumnOrigin, OutputColumn } from './resolve.js';

export interface ModelColumnLineage {
  /** Output columns in order; empty when the SQL could not be parsed. */
  columns: OutputColumn[];
  /** Why there is no lineage (the parser's message), when there is none. */
  error?: string;
}

/** Models with compiled SQL, parents first, and their parsed SQL (DuckDB parses on its own threads). */
export interface ParsedModels {
  models: ManifestNode[];
  trees: SyntaxTree[];
}

export async function parseModels(manifest: Manifest): Promise<ParsedModels> {
  const models = buildDag(manifest)
    .topologicalOrder()
    .map((id) => manifest.nodes[id])
    .filter((node): node is ManifestNode => node !== undefined && node.resource_type === 'model' && typeof node.compiled_code === 'string' && node.compiled_code.trim() !== '');
  return { models, trees: await parseSelectStatements(models.map((node) => node.compiled_code!)) };
}

/**
 * Lineage for every SQL model with compiled code. `knownColumns` gives the columns of relations
 * as the warehouse has them (unique id → names), e.g. from the catalog.
 */
export function resolveLineage(manifest: Manifest, parsed: ParsedModels, knownColumns: Map<string, string[]>): Record<string, ModelColumnLineage> {
  const derived = new Map<string, string[]>();
  const result: Record<string, ModelColumnLineage> = {};
  parsed.models.forEach((node, index) => {
    const tree = parsed.trees[index]!;
    if (!tree.ok) {
      result[node.unique_id] = { columns: [], error: tree.error };
      return;
    }
    const upstream = node.depends_on.nodes.map((parent) => upstreamRelation(manifest, parent, knownColumns, derived)).filter((relation) => relation !== null);
    try {
      const columns = new LineageResolver(upstream).resolve(tree.statement);
      result[node.unique_id] = { columns };
      derived.set(node.unique_id, columns.map((column) => column.name));
    } catch (error) {
      result[node.unique_id] = { columns: [], error: `could not trace the columns: ${(error as Error).message}` };
    }
  });
  return result;
}

/** parseModels, then resolveLineage. */
export async function deriveColumnLineage(manifest: Manifest, knownColumns: Map<string, string[]>): Promise<Record<string, ModelColumnLineage>> {
  return resolveLineage(manifest, await parseModels(manifest), knownColumns);
}

function upstreamRelation(manifest: Manifest, id: string, known: Map<string, string[]>, derived: Map<string, string[]>): UpstreamRelation | null {
  const node = manifest.nodes[id];
  if (node) {
    const declared = Object.values(node.columns ?? {}).map((column) => column.name);
    const columns = known.get(id) ?? derived.get(id) ?? (declared.length > 0 && node.resource_type !== 'model' ? declared : null);
    if (node.config?.materialized === 'ephemeral') return { node: id, schema: '', identifier: `__dbt__cte__${node.name}`, columns: derived.get(id) ?? null, ephemeral: true };
    return { node: id, schema: node.schema, identifier: node.alias || node.name, columns };
  }
  const source = manifest.sources[id];
  if (source) {
    const declared = Object.values(source.columns ?? {}).map((column) => column.name);
    return { node: id, schema: source.schema, identifier: source.identifier || source.name, columns: known.get(id) ?? (declared.length > 0 ? declared : null) };
  }
  return null;
}
