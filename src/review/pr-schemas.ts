/**
 * The schemas a build into an overridden schema (a PR's, promote's staging) uses: the schema
 * itself, its custom-schema variants (`pr_12_marts`, snapshot target schemas) and test audit
 * schemas. Used to start each PR build from empty schemas and to drop them afterwards.
 */
import type { Manifest } from '../graph/types.js';
import { auditSchema } from '../run/index.js';
import type { Adapter } from '../warehouse/adapter.js';
import { belongsToPrSchema } from './pr-schema.js';

export interface SchemaRef {
  database: string | null;
  schema: string;
}

/** Schemas of `manifest`'s nodes that belong to `schema` (never any other), sorted; `extra` first. */
export function schemasUnder(manifest: Manifest | null, schema: string, extra: SchemaRef[] = []): SchemaRef[] {
  const found = new Map<string, SchemaRef>();
  const add = (database: string | null, name: string) => {
    if (!belongsToPrSchema(name, schema)) return;
    const known = found.get(name.toLowerCase());
    if (!known || (known.database === null && database !== null)) found.set(name.toLowerCase(), { database, schema: name });
  };
  for (const ref of extra) add(ref.database, ref.schema);
  for (const node of Object.values(manifest?.nodes ?? {})) {
    add(node.database, node.schema);
    if (node.resource_type === 'test') add(node.database, auditSchema(node, undefined));
  }
  return [...found.values()].sort((a, b) => a.schema.localeCompare(b.schema));
}

/** Drops the schemas that exist (with everything in them); returns `[dropped, absent]` labels. */
export async function dropExistingSchemas(adapter: Adapter, schemas: SchemaRef[]): Promise<{ dropped: string[]; absent: string[] }> {
  const dropped: string[] = [];
  const absent: string[] = [];
  for (const { database, schema } of schemas) {
    const label = database ? `${database}.${schema}` : schema;
    if (await adapter.schemaExists(database, schema)) {
      await adapter.dropSchema(database, schema);
      dropped.push(label);
    } else {
      absent.push(label);
    }
  }
  return { dropped, absent };
}
