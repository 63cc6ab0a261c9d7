/**
 * Relation metadata from `SHOW TERSE OBJECTS` and `information_schema`, cached per schema for the
 * adapter's life (one run): one listing and one columns query per schema, then a per-relation
 * columns query only for a relation the adapter created or altered since. The adapter forgets a
 * schema's entries whenever it changes something there, and everything after any statement it
 * cannot see into.
 */
import type { ColumnMeta, RelationInfo } from '../adapter.js';
import { dialectFor } from '../dialect.js';
import { normalizeSnowflakeType } from './types.js';

export type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

const dialect = dialectFor('snowflake');
const quote = (name: string): string => dialect.quoteIdentifier(dialect.normalizeIdentifier(name));
export const norm = (name: string): string => dialect.normalizeIdentifier(name);

function get(row: Record<string, unknown>, name: string): unknown {
  return row[name] ?? row[name.toUpperCase()];
}

function typeOf(row: Record<string, unknown>): string {
  const type = String(get(row, 'data_type')).toUpperCase();
  if (type === 'NUMBER') {
    const precision = get(row, 'numeric_precision');
    const scale = get(row, 'numeric_scale');
    return `NUMBER(${precision ?? 38},${scale ?? 0})`;
  }
  return normalizeSnowflakeType(type);
}

/** How Snowflake stores a name: as written when quoted, else upper-cased as unquoted names are. */
export function storedName(identifier: string, quoted = false): string {
  return quoted ? identifier : norm(identifier);
}

function columnOf(row: Record<string, unknown>): ColumnMeta {
  return { name: String(get(row, 'column_name')), dataType: typeOf(row), nullable: String(get(row, 'is_nullable')).toUpperCase() !== 'NO' };
}

export class MetadataCache {
  private readonly schemas = new Map<string, Promise<Map<string, RelationInfo>>>();
  private readonly columns = new Map<string, Promise<ColumnMeta[]>>();
  /** Every relation's columns of a schema (identifier as stored → columns), read in one query. */
  private readonly schemaColumns = new Map<string, Promise<Map<string, ColumnMeta[]>>>();
  /** Relations changed since their schema's columns were read: asked about one by one. */
  private readonly staleColumns = new Set<string>();
  private readonly schemaNames = new Map<string, Promise<Set<string>>>();

  constructor(private readonly query: Query) {}

  private key(database: string, schema: string): string {
    return `${norm(database)}\u0000${norm(schema)}`;
  }

  private listing(database: string, schema: string): Promise<Map<string, RelationInfo>> {
    const key = this.key(database, schema);
    let pending = this.schemas.get(key);
    if (!pending) {
      // SHOW, not information_schema.tables: it answers from metadata without a warehouse and lists views too.
      pending = this.query(`show terse objects in schema ${quote(database)}.${quote(schema)}`).then(
        ({ rows }) => {
          const found = new Map<string, RelationInfo>();
          for (const row of rows) {
            const name = String(get(row, 'name'));
            const kind = String(get(row, 'kind')).toUpperCase();
            found.set(name, { database: norm(database), schema: norm(schema), identifier: name, type: kind === 'VIEW' || kind === 'MATERIALIZED_VIEW' ? 'view' : kind === 'EXTERNAL_TABLE' ? 'external' : 'table' });
          }
          return found;
        },
        (error: unknown) => {
          if ((error as { snowflakeCode?: string }).snowflakeCode === '002003') return new Map<string, RelationInfo>();
          throw error;
        },
      );
      this.schemas.set(key, pending);
      pending.catch(() => this.schemas.delete(key));
    }
    return pending;
  }

  async relations(database: string, schema: string): Promise<RelationInfo[]> {
    return [...(await this.listing(database, schema)).values()].sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  }

  /** `quoted`: the identifier was written quoted, so it is case-sensitive and matched exactly. */
  async relation(database: string, schema: string, identifier: string, quoted = false): Promise<RelationInfo | null> {
    const listing = await this.listing(database, schema);
    if (quoted) return listing.get(identifier) ?? null;
    const wanted = norm(identifier);
    return listing.get(wanted) ?? [...listing.values()].find((info) => info.identifier.toLowerCase() === wanted.toLowerCase()) ?? null;
  }

  private columnsQuery(database: string, where: string): string {
    return `select table_name, column_name, data_type, is_nullable, numeric_precision, numeric_scale from ${quote(database)}.information_schema.columns where ${where} order by table_name, ordinal_position`;
  }

  /** Every relation's columns in one schema, one query per schema per run, keyed by the identifier as stored. */
  schemaColumnsOf(database: string, schema: string): Promise<Map<string, ColumnMeta[]>> {
    const key = this.key(database, schema);
    let pending = this.schemaColumns.get(key);
    if (!pending) {
      pending = this.query(this.columnsQuery(database, 'table_schema = ?'), [norm(schema)]).then(({ rows }) => {
        const found = new Map<string, ColumnMeta[]>();
        for (const row of rows) {
          const table = String(get(row, 'table_name'));
          found.set(table, [...(found.get(table) ?? []), columnOf(row)]);
        }
        return found;
      });
      this.schemaColumns.set(key, pending);
      pending.catch(() => this.schemaColumns.delete(key));
    }
    return pending;
  }

  /** Reads a schema's columns again (relations built since the last read included) and keeps them for the run. */
  refreshSchemaColumns(database: string, schema: string): Promise<Map<string, ColumnMeta[]>> {
    const key = this.key(database, schema);
    this.schemaColumns.delete(key);
    for (const columnKey of this.columns.keys()) if (columnKey.startsWith(`${key}\u0000`)) this.columns.delete(columnKey);
    for (const stale of this.staleColumns) if (stale.startsWith(`${key}\u0000`.toLowerCase())) this.staleColumns.delete(stale);
    return this.schemaColumnsOf(database, schema);
  }

  async columnsOf(database: string, schema: string, identifier: string, quoted = false): Promise<ColumnMeta[]> {
    const found = await this.relation(database, schema, identifier, quoted);
    if (!found) return [];
    const key = `${this.key(database, schema)}\u0000${found.identifier}`;
    if (!this.staleColumns.has(key.toLowerCase()) && !this.columns.has(key)) {
      const columns = (await this.schemaColumnsOf(database, schema)).get(found.identifier);
      // a relation created after the schema's columns were read is not in them: asked about alone below
      if (columns && !this.staleColumns.has(key.toLowerCase())) return columns;
    }
    let pending = this.columns.get(key);
    if (!pending) {
      pending = this.query(this.columnsQuery(database, 'table_schema = ? and table_name = ?'), [norm(schema), found.identifier]).then(({ rows }) => rows.map(columnOf));
      this.columns.set(key, pending);
      pending.catch(() => this.columns.delete(key));
    }
    return pending;
  }

  async schemaNamesOf(database: string): Promise<string[]> {
    await this.schemaExists(database, 'INFORMATION_SCHEMA');
    const names = await this.schemaNames.get(norm(database))!;
    return [...names].filter((name) => name !== 'INFORMATION_SCHEMA').sort();
  }

  async schemaExists(database: string, schema: string): Promise<boolean> {
    const key = norm(database);
    let pending = this.schemaNames.get(key);
    if (!pending) {
      pending = this.query(`select schema_name from ${quote(database)}.information_schema.schemata`).then(
        ({ rows }) => new Set(rows.map((row) => String(get(row, 'schema_name')))),
      );
      this.schemaNames.set(key, pending);
      pending.catch(() => this.schemaNames.delete(key));
    }
    const names = await pending;
    return names.has(norm(schema)) || [...names].some((name) => name.toLowerCase() === schema.toLowerCase());
  }

  private update(database: string, schema: string, change: (listing: Map<string, RelationInfo>) => void): void {
    const key = this.key(database, schema);
    const pending = this.schemas.get(key);
    if (pending) this.schemas.set(key, pending.then((listing) => (change(listing), listing)));
  }

  private forgetColumns(database: string, schema: string, identifier: string): void {
    const key = this.key(database, schema);
    const wanted = `${key}\u0000${identifier}`.toLowerCase();
    for (const columnKey of this.columns.keys()) if (columnKey.toLowerCase() === wanted) this.columns.delete(columnKey);
    this.staleColumns.add(wanted);
  }

  /**
   * The adapter created (or replaced) a relation: the cached listing learns it without a query.
   * `identifier` as stored: `storedName` of what the relation was written as.
   */
  created(database: string, schema: string, identifier: string, type: RelationInfo['type']): void {
    this.forgetColumns(database, schema, identifier);
    const info: RelationInfo = { database: norm(database), schema: norm(schema), identifier, type };
    this.update(database, schema, (listing) => {
      listing.delete(identifier);
      listing.set(info.identifier, info);
    });
  }

  dropped(database: string, schema: string, identifier: string): void {
    this.forgetColumns(database, schema, identifier);
    this.update(database, schema, (listing) => void listing.delete(identifier));
  }

  /** The adapter changed a relation's columns. */
  columnsChanged(database: string, schema: string, identifier: string): void {
    this.forgetColumns(database, schema, identifier);
  }

  schemaCreated(database: string, schema: string): void {
    const key = norm(database);
    const pending = this.schemaNames.get(key);
    if (pending) this.schemaNames.set(key, pending.then((names) => names.add(norm(schema))));
  }

  /** Forgets what is known about one schema (after the adapter changed it). */
  forgetSchema(database: string, schema: string): void {
    const key = this.key(database, schema);
    this.schemas.delete(key);
    this.schemaColumns.delete(key);
    for (const columnKey of this.columns.keys()) if (columnKey.startsWith(`${key}\u0000`)) this.columns.delete(columnKey);
    for (const stale of this.staleColumns) if (stale.startsWith(`${key}\u0000`.toLowerCase())) this.staleColumns.delete(stale);
    this.schemaNames.delete(norm(database));
  }

  forgetAll(): void {
    this.schemas.clear();
    this.columns.clear();
    this.schemaColumns.clear();
    this.staleColumns.clear();
    this.schemaNames.clear();
  }
}
