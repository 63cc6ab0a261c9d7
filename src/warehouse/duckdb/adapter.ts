/**
 * The DuckDB implementation of the warehouse `Adapter`: one instance, a pool of `threads`
 * connections, introspection from DuckDB's catalog functions, and each materialization step as
 * DuckDB SQL (see ddl.ts). Multi-statement steps run in one transaction on one connection.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DailiesError } from '../../errors.js';
import type {
  CatalogRelation,
  Adapter,
  AdapterCapabilities,
  BatchWindow,
  ColumnMeta,
  CreateTableOptions,
  CsvLoadOptions,
  ProductionState,
  QueryResult,
  Relation,
  RelationInfo,
  RelationType,
  TransactionScope,
  WriteOptions,
} from '../adapter.js';
import { dialectFor } from '../dialect.js';
import { ConnectionPool, type PooledConnection } from './connection-pool.js';
import { contractError, contractMismatches } from './contract.js';
import { loadCsvFile } from './csv-load.js';
import * as ddl from './ddl.js';
import { queryCatalog } from './catalog.js';
import { findColumns, findForeignKeyDependents, findRelation, findRelations, findSchema, findSchemaColumns, findSchemas } from './introspection.js';
import type { InstanceLease } from './instance-registry.js';
import { readProductionState, recordProductionState } from './production-state.js';
import { runGuardedSql, runSql } from './run-sql.js';
import { duckdbCommonNumericType, duckdbCurrentTimestamp, duckdbFastHashExpression, duckdbHashExpression, duckdbSeedType, isDuckDBNumericType, normalizeDuckDBType, type SeedKind } from './types.js';

const dialect = dialectFor('duckdb');
/** A type name with an optional precision (`decimal(10, 2)`, `timestamp with time zone`); nothing else reaches SQL. */
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]*(?: [A-Za-z][A-Za-z0-9_]*)*(?: ?\(\s*\d+(?:\s*,\s*\d+)?\s*\))?$/;

/** Drops trailing semicolons (and blanks) so a model's SQL can be wrapped in a subquery. */
function asSubquery(selectSql: string): string {
  return selectSql.replace(/[\s;]+$/, '');
}

export interface DuckDBAdapterOptions {
  /** A review session's adapter: ATTACH/DETACH/LOAD/INSTALL/PREPARE/EXECUTE statements are refused. */
  guarded?: boolean;
}

export class DuckDBAdapter implements Adapter {
  readonly type = 'duckdb';
  private readonly run: typeof runSql;
  readonly capabilities: AdapterCapabilities = { zeroCopyClone: false, schemaSwap: false, transientSchemas: false, transactionalDdl: true, microbatchUniqueKey: false };
  /** Set while a transaction's work runs: nested adapter calls then overflow the pool instead of deadlocking. */
  private readonly insideTransaction = new AsyncLocalStorage<boolean>();
  private closed = false;

  constructor(
    private readonly lease: InstanceLease,
    private readonly pool: ConnectionPool,
    readonly defaultDatabase: string,
    options: DuckDBAdapterOptions = {},
  ) {
    this.run = options.guarded ? runGuardedSql : runSql;
  }

  // -- connection ---------------------------------------------------------

  private withConnection<T>(work: (pooled: PooledConnection) => Promise<T>): Promise<T> {
    return this.pool.use(work, this.insideTransaction.getStore() === true);
  }

  execute(sql: string, params?: unknown[]): Promise<QueryResult> {
    return this.withConnection((pooled) => pooled.serial((connection) => this.run(connection, sql, params)));
  }

  loadCsvFile(relation: Relation, filePath: string, options: CsvLoadOptions): Promise<number> {
    const rendered = this.renderRelation(relation);
    return this.withConnection((pooled) => pooled.serial((connection) => loadCsvFile(connection, rendered, filePath, options)));
  }

  transaction<T>(work: (tx: TransactionScope) => Promise<T>): Promise<T> {
    return this.withConnection(async (pooled) => {
      let open = true;
      const onConnection = <R>(step: (connection: DuckDBConnection) => Promise<R>): Promise<R> => {
        if (!open) {
          return Promise.reject(new DailiesError('internal', 'a transaction scope was used after its transaction ended', {
            hint: 'await every statement inside the transaction callback',
          }));
        }
        return pooled.serial(step);
      };
      const tx: TransactionScope = {
        execute: (sql, params) => onConnection((connection) => this.run(connection, sql, params)),
        loadCsvFile: (relation, filePath, options) =>
          onConnection((connection) => loadCsvFile(connection, this.renderRelation(relation), filePath, options)),
      };
      await pooled.serial((connection) => runSql(connection, 'begin transaction'));
      try {
        const value = await this.insideTransaction.run(true, () => work(tx));
        await pooled.serial((connection) => runSql(connection, 'commit'));
        return value;
      } catch (error) {
        await pooled.serial((connection) => runSql(connection, 'rollback')).catch(() => undefined);
        throw error;
      } finally {
        open = false;
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close();
    this.lease.release();
  }

  // -- names --------------------------------------------------------------

  quoteIdentifier(name: string): string {
    return dialect.quoteIdentifier(name);
  }

  renderRelation(relation: Relation): string {
    return dialect.renderRelation(relation);
  }

  normalizeIdentifier(name: string): string {
    return dialect.normalizeIdentifier(name);
  }

  // -- introspection ------------------------------------------------------

  private readonly query = (sql: string, params?: unknown[]) => this.execute(sql, params);

  private databaseOf(database: string | null): string {
    return database ?? this.defaultDatabase;
  }

  getRelation(relation: Relation): Promise<RelationInfo | null> {
    return findRelation(this.query, this.databaseOf(relation.database), relation.schema, relation.identifier);
  }

  listRelations(database: string | null, schema: string): Promise<RelationInfo[]> {
    return findRelations(this.query, this.databaseOf(database), schema);
  }

  getColumns(relation: Relation): Promise<ColumnMeta[]> {
    return findColumns(this.query, this.databaseOf(relation.database), relation.schema, relation.identifier);
  }

  getSchemaColumns(database: string | null, schema: string): Promise<Map<string, ColumnMeta[]>> {
    return findSchemaColumns(this.query, this.databaseOf(database), schema);
  }

  schemaExists(database: string | null, schema: string): Promise<boolean> {
    return findSchema(this.query, this.databaseOf(database), schema);
  }

  listSchemas(database: string | null): Promise<string[]> {
    return findSchemas(this.query, this.databaseOf(database));
  }

  catalog(schemas: { database: string | null; schema: string }[]): Promise<CatalogRelation[]> {
    return queryCatalog(this.query, schemas.map((entry) => ({ database: this.databaseOf(entry.database), schema: entry.schema })));
  }

  // -- DDL / DML ----------------------------------------------------------

  async createSchema(database: string | null, schema: string): Promise<void> {
    await this.execute(ddl.createSchemaSql(database, schema));
  }

  async dropSchema(database: string | null, schema: string): Promise<void> {
    await this.execute(ddl.dropSchemaSql(database, schema));
  }

  /** `temporary`/`transient` are ignored: DuckDB temp tables are private to one pooled connection. */
  async createTableAs(relation: Relation, selectSql: string, options: CreateTableOptions = {}): Promise<void> {
    const target = this.renderRelation(relation);
    const body = asSubquery(selectSql);
    const contract = options.contractColumns ?? [];
    const header = (sql: string): string => ddl.withSqlHeader(options.sqlHeader, sql);
    if (contract.length === 0) {
      await this.execute(header(ddl.createTableAsSql(target, body)));
      return;
    }
    const described = await this.execute(header(`select * from (\n${body}\n) as dailies_model limit 0`));
    const mismatches = contractMismatches(described.columns, contract);
    if (mismatches.length > 0) throw contractError(target, mismatches);
    await this.transaction(async (tx) => {
      await tx.execute(ddl.createContractTableSql(target, contract, options.contractConstraints));
      await tx.execute(header(ddl.insertSelectSql(target, body, contract.map((column) => column.name))));
    });
  }

  /** Tables of the same schema whose foreign keys reference `relation` (DuckDB will not drop or replace it while they exist). */
  foreignKeyDependents(relation: Relation): Promise<{ identifier: string; references: string[] }[]> {
    return findForeignKeyDependents(this.query, this.databaseOf(relation.database), relation.schema, relation.identifier);
  }

  /** One `create or replace table … as` statement (after the model's sql_header): its own transaction, so a failure keeps the old table. */
  async replaceTableAs(relation: Relation, selectSql: string, options: Pick<CreateTableOptions, 'sqlHeader' | 'contractColumns' | 'contractConstraints'> & { params?: unknown[] } = {}): Promise<void> {
    const [target, body] = [this.renderRelation(relation), asSubquery(selectSql)];
    const contract = options.contractColumns ?? [];
    if (contract.length === 0) {
      await this.execute(ddl.withSqlHeader(options.sqlHeader, ddl.createTableAsSql(target, body)), options.params);
      return;
    }
    // an enforced contract's typed table (constraints, foreign keys) and its rows, in place, in one transaction
    await this.transaction(async (tx) => {
      await tx.execute(ddl.createContractTableSql(target, contract, options.contractConstraints));
      await tx.execute(ddl.withSqlHeader(options.sqlHeader, ddl.insertSelectSql(target, body, contract.map((column) => column.name))), options.params);
    });
  }

  async createViewAs(relation: Relation, selectSql: string, options: Pick<WriteOptions, 'sqlHeader'> = {}): Promise<void> {
    await this.execute(ddl.withSqlHeader(options.sqlHeader, ddl.createViewAsSql(this.renderRelation(relation), asSubquery(selectSql))));
  }

  /** Drops whatever kind the relation really is (DuckDB refuses `drop table` on a view). */
  async dropRelation(relation: Relation, _type: RelationType): Promise<void> {
    const existing = await this.getRelation(relation);
    if (!existing) return;
    await this.execute(ddl.dropRelationSql(this.renderRelation(existing), existing.type));
  }

  async renameRelation(from: Relation, toIdentifier: string, type: RelationType): Promise<void> {
    const existing = await this.getRelation(from);
    await this.execute(ddl.renameRelationSql(this.renderRelation(from), toIdentifier, existing?.type ?? type));
  }

  async replaceRelation(target: Relation, staged: Relation, _type: RelationType): Promise<void> {
    if (this.databaseOf(target.database).toLowerCase() !== this.databaseOf(staged.database).toLowerCase() || target.schema.toLowerCase() !== staged.schema.toLowerCase()) {
      throw new DailiesError('internal', `cannot replace ${this.renderRelation(target)} with ${this.renderRelation(staged)}: they are in different schemas`, {
        hint: 'build the staged relation in the same schema as its target',
      });
    }
    await this.transaction(async (tx) => {
      const query = (sql: string, params?: unknown[]) => tx.execute(sql, params);
      const database = this.databaseOf(target.database);
      const stagedInfo = await findRelation(query, database, staged.schema, staged.identifier);
      if (!stagedInfo) {
        throw new DailiesError('warehouse', `cannot replace ${this.renderRelation(target)}: the staged relation ${this.renderRelation(staged)} does not exist`, {
          hint: 'the build step of this relation must run before it is swapped in',
        });
      }
      const existing = await findRelation(query, database, target.schema, target.identifier);
      if (existing) await tx.execute(ddl.dropRelationSql(this.renderRelation(existing), existing.type));
      await tx.execute(ddl.renameRelationSql(this.renderRelation(stagedInfo), target.identifier, stagedInfo.type));
    });
  }

  async cloneTable(from: Relation, to: Relation): Promise<void> {
    await this.execute(ddl.cloneTableSql(this.renderRelation(from), this.renderRelation(to)));
  }

  async insertInto(target: Relation, sourceSql: string, columns: string[]): Promise<number | undefined> {
    return (await this.execute(ddl.insertSelectSql(this.renderRelation(target), asSubquery(sourceSql), columns))).rowsAffected;
  }

  async mergeInto(target: Relation, source: Relation, uniqueKey: string[], columns: string[], updateColumns: string[], options: WriteOptions = {}): Promise<number | undefined> {
    const [into, from] = [this.renderRelation(target), this.renderRelation(source)];
    if (uniqueKey.length === 0) return (await this.execute(ddl.insertFromRelationSql(into, from, columns))).rowsAffected;
    return (await this.execute(ddl.withSqlHeader(options.sqlHeader, ddl.mergeIntoSql(into, from, uniqueKey, columns, updateColumns, options.predicates)))).rowsAffected;
  }

  async deleteInsert(target: Relation, source: Relation, uniqueKey: string[], columns: string[], options: WriteOptions = {}): Promise<number | undefined> {
    const [into, from] = [this.renderRelation(target), this.renderRelation(source)];
    return this.transaction(async (tx) => {
      if (uniqueKey.length > 0) await tx.execute(ddl.deleteMatchingSql(into, from, uniqueKey, options.predicates));
      return (await tx.execute(ddl.insertFromRelationSql(into, from, columns))).rowsAffected;
    });
  }

  async replaceBatch(target: Relation, source: Relation, batch: BatchWindow, columns: string[], options: WriteOptions = {}): Promise<number | undefined> {
    const [into, from] = [this.renderRelation(target), this.renderRelation(source)];
    return this.transaction(async (tx) => {
      await tx.execute(ddl.deleteBatchSql(into, batch, options.predicates));
      return (await tx.execute(ddl.insertBatchSql(into, from, batch, columns))).rowsAffected;
    });
  }

  async addColumns(relation: Relation, columns: ColumnMeta[]): Promise<void> {
    if (columns.length === 0) return;
    const target = this.renderRelation(relation);
    await this.transaction(async (tx) => {
      for (const column of columns) await tx.execute(ddl.addColumnSql(target, column.name, column.dataType));
    });
  }

  async dropColumns(relation: Relation, columns: string[]): Promise<void> {
    if (columns.length === 0) return;
    const target = this.renderRelation(relation);
    await this.transaction(async (tx) => {
      for (const column of columns) await tx.execute(ddl.dropColumnSql(target, column));
    });
  }

  async alterColumnType(relation: Relation, column: string, dataType: string): Promise<void> {
    await this.execute(ddl.alterColumnTypeSql(this.renderRelation(relation), column, dataType));
  }

  // -- SQL fragments ------------------------------------------------------

  normalizeType(dataType: string): string {
    return normalizeDuckDBType(dataType);
  }

  isNumericType(dataType: string): boolean {
    return isDuckDBNumericType(dataType);
  }

  commonNumericType(from: string, to: string): string | null {
    return duckdbCommonNumericType(from, to);
  }

  async resolveDataType(dataType: string): Promise<string> {
    if (!TYPE_NAME.test(dataType.trim())) {
      throw new DailiesError('warehouse', `'${dataType}' is not a column type name DuckDB can read a CSV column as`, {
        hint: 'write a type name with an optional precision, e.g. integer, bigint, decimal(10,2), date, timestamp, varchar',
      });
    }
    const { columns } = await this.execute(`select cast(null as ${dataType.trim()}) as v`);
    return String(columns[0]?.type);
  }

  seedType(kind: SeedKind): string {
    return duckdbSeedType(kind);
  }

  hashExpression(expressions: string[]): string {
    return duckdbHashExpression(expressions);
  }

  fastHashExpression(expressions: string[]): string {
    return duckdbFastHashExpression(expressions);
  }

  currentTimestamp(): string {
    return duckdbCurrentTimestamp();
  }

  // -- production state ---------------------------------------------------

  readProductionState(): Promise<ProductionState | null> {
    return readProductionState(this.query, this.defaultDatabase);
  }

  recordProductionState(tx: TransactionScope, state: ProductionState): Promise<void> {
    return recordProductionState(tx, this.defaultDatabase, state);
  }
}
