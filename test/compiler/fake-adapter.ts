/** A stand-in Adapter for compiler tests: answers introspection from fixed tables and counts calls. */
import type { Adapter, ColumnMeta, QueryResult, Relation } from '../../src/warehouse/adapter.js';

export interface FakeAdapter extends Adapter {
  calls: string[];
}

export function fakeAdapter(columns: Record<string, ColumnMeta[]> = {}, queries: Record<string, QueryResult> = {}): FakeAdapter {
  const calls: string[] = [];
  const unsupported = async (): Promise<never> => {
    throw new Error('not supported by the fake adapter');
  };
  const adapter = {
    type: 'duckdb',
    calls,
    defaultDatabase: 'memory',
    async execute(sql: string): Promise<QueryResult> {
      calls.push(`execute:${sql}`);
      return queries[sql] ?? { columns: [], rows: [] };
    },
    async getColumns(relation: Relation): Promise<ColumnMeta[]> {
      calls.push(`columns:${relation.identifier}`);
      return columns[relation.identifier] ?? [];
    },
    async getRelation(relation: Relation) {
      calls.push(`relation:${relation.identifier}`);
      return columns[relation.identifier] ? { ...relation, type: 'table' as const } : null;
    },
    quoteIdentifier: (name: string) => `"${name}"`,
    renderRelation: (relation: Relation) => [relation.database, relation.schema, relation.identifier].filter(Boolean).map((part) => `"${part}"`).join('.'),
    normalizeIdentifier: (name: string) => name,
    loadCsvFile: unsupported,
    transaction: unsupported,
    close: async () => {},
    listRelations: unsupported,
    schemaExists: unsupported,
    createSchema: unsupported,
    dropSchema: unsupported,
    createTableAs: unsupported,
    createViewAs: unsupported,
    dropRelation: unsupported,
    renameRelation: unsupported,
    replaceRelation: unsupported,
    cloneTable: unsupported,
    insertInto: unsupported,
    mergeInto: unsupported,
    deleteInsert: unsupported,
    addColumns: unsupported,
    dropColumns: unsupported,
    alterColumnType: unsupported,
    normalizeType: (type: string) => type.toUpperCase(),
    isNumericType: () => false,
    commonNumericType: () => null,
    seedType: () => 'VARCHAR',
    hashExpression: (expressions: string[]) => `md5(${expressions.join(' || ')})`,
    fastHashExpression: (expressions: string[]) => `hash(${expressions.join(', ')})`,
    currentTimestamp: () => 'current_timestamp',
  };
  return adapter as unknown as FakeAdapter;
}
