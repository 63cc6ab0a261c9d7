/**
 * `catalog.json` in dbt's shape (catalog v1): for each model, seed, snapshot and source whose
 * relation exists in the warehouse, its columns with the warehouse's types, and row count and
 * bytes where the adapter knows them. Read through the adapter's `catalog()`.
 */
import type { Manifest } from '../graph/types.js';
import type { Adapter, CatalogRelation } from '../warehouse/adapter.js';
import type { CatalogEntry } from './site-types.js';

export const CATALOG_SCHEMA = 'https://schemas.getdbt.com/dbt/catalog/v1.json';

export interface Catalog {
  /** unique id → the relation the warehouse has for it. */
  relations: Map<string, CatalogRelation>;
}

interface Wanted {
  id: string;
  database: string | null;
  schema: string;
  identifier: string;
}

function relationsOf(manifest: Manifest): Wanted[] {
  const wanted: Wanted[] = [];
  for (const node of Object.values(manifest.nodes)) {
    if (!['model', 'seed', 'snapshot'].includes(node.resource_type) || node.config.materialized === 'ephemeral') continue;
    wanted.push({ id: node.unique_id, database: node.database, schema: node.schema, identifier: node.alias || node.name });
  }
  for (const source of Object.values(manifest.sources)) {
    wanted.push({ id: source.unique_id, database: source.database, schema: source.schema, identifier: source.identifier || source.name });
  }
  return wanted;
}

export async function readCatalog(adapter: Adapter, manifest: Manifest): Promise<Catalog> {
  const wanted = relationsOf(manifest);
  const key = (database: string | null, schema: string, identifier = ''): string =>
    [database ?? adapter.defaultDatabase ?? '', schema, identifier].map((part) => part.toLowerCase()).join('\u0000');
  const schemas = new Map<string, { database: string | null; schema: string }>();
  for (const entry of wanted) schemas.set(key(entry.database, entry.schema), { database: entry.database, schema: entry.schema });
  const found = await adapter.catalog([...schemas.values()]);
  const byKey = new Map(found.map((relation) => [key(relation.database, relation.schema, relation.identifier), relation]));
  const relations = new Map<string, CatalogRelation>();
  for (const entry of wanted) {
    const relation = byKey.get(key(entry.database, entry.schema, entry.identifier));
    if (relation) relations.set(entry.id, relation);
  }
  return { relations };
}

/** The catalog as dbt writes it. */
export function catalogArtifact(catalog: Catalog, manifest: Manifest, generatedAt: string, invocationId: string): Record<string, unknown> {
  const nodes: Record<string, unknown> = {};
  const sources: Record<string, unknown> = {};
  for (const [id, relation] of catalog.relations) {
    const entry = {
      metadata: {
        type: relation.type === 'view' ? 'VIEW' : 'BASE TABLE',
        schema: relation.schema,
        name: relation.identifier,
        database: relation.database,
        comment: relation.comment,
        owner: null,
      },
      columns: Object.fromEntries(relation.columns.map((column) => [column.name, { type: column.dataType, index: column.index, name: column.name, comment: column.comment }])),
      stats: stats(relation),
      unique_id: id,
    };
    if (id in manifest.sources) sources[id] = entry;
    else nodes[id] = entry;
  }
  return {
    metadata: { dbt_schema_version: CATALOG_SCHEMA, dbt_version: '1.9.0', generated_at: generatedAt, invocation_id: invocationId, env: {} },
    nodes,
    sources,
    errors: null,
  };
}

function stats(relation: CatalogRelation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (relation.rowCount !== null) {
    out.row_count = { id: 'row_count', label: 'Row Count', value: relation.rowCount, include: true, description: 'Rows in the table' };
  }
  if (relation.bytes !== null) {
    out.bytes = { id: 'bytes', label: 'Approximate Size', value: relation.bytes, include: true, description: 'Storage blocks the table takes, in bytes' };
  }
  out.has_stats = { id: 'has_stats', label: 'Has Stats?', value: Object.keys(out).length > 0, include: false, description: 'Whether the warehouse reported statistics' };
  return out;
}

/** The site's per-node view of the catalog. */
export function catalogEntries(catalog: Catalog): Record<string, CatalogEntry> {
  const out: Record<string, CatalogEntry> = {};
  for (const [id, relation] of catalog.relations) {
    out[id] = {
      type: relation.type,
      columns: relation.columns.map((column) => ({ name: column.name, type: column.dataType, index: column.index })),
      rowCount: relation.rowCount,
      bytes: relation.bytes,
    };
  }
  return out;
}
