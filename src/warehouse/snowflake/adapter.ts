/**
 * The Snowflake implementation of the warehouse `Adapter`, on snowflake-sdk: a pool of `threads`
 * sessions, metadata from information_schema cached per schema, each materialization step as
 * Snowflake SQL (ddl.ts), every statement tagged (QUERY_TAG: dailies, command, node).
 *
 * Result rows: Snowflake upper-cases unquoted names, so a result column whose name is all upper
 * case comes back in lower case (`select count(*) as n` → row.n, as on DuckDB); mixed-case names
 * (quoted in the SQL) are kept. Relation and column metadata keep Snowflake's stored names.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DailiesError } from '../../errors.js';
import type {
  Adapter,
  AdapterCapabilities,
  BatchWindow,
  CatalogRelation,
  ColumnMeta,
  ContractConstraint,
  CreateTableOptions,
  SnapshotUpdate,
  CsvLoadOptions,
  QueryResult,
  Relation,
  RelationInfo,
  RelationType,
  SeedKind,
  StageLoader,
  TransactionScope,
  WriteOptions,
} from '../adapter.js';
import { dialectFor } from '../dialect.js';
import { registerCanceller } from '../running.js';
import { currentStatementLabel } from '../statement-label.js';
import { snowflakeCatalog } from './catalog.js';
import { insertCsvFile } from './csv-insert.js';
import * as ddl from './ddl.js';
import { isTransient, SnowflakeError } from './errors.js';
import { MetadataCache, norm, storedName } from './introspection.js';
import type { SessionPool, SnowflakeResult, SnowflakeSession } from './pool.js';
import { applySnapshotOnSession } from './snapshot.js';
import { schemaTimesOf, schemaTimesSql } from './schema-times.js';
import { readProductionState, recordProductionState, type ProductionStateRecord } from './production-state.js';
import { openStageLoader, type SnowflakeLoadSettings } from './stage-loader.js';
import {
  isSnowflakeNumericType,
  normalizeSnowflakeType,
  resolveSnowflakeType,
  snowflakeCurrentTimestamp,
  snowflakeFastHashExpression,
  snowflakeHashExpression,
  snowflakeSeedType,
  snowflakeTableHashExpression,
} from './types.js';

const dialect = dialectFor('snowflake');
const READ_ONLY = /^\s*(?:\(\s*)*(select|with|show|describe|desc|explain)\b/i;
/** Statements that may change what information_schema says: a raw one (a hook) makes the adapter forget its metadata. */
const CHANGES_METADATA = /^\s*(create|alter|drop|undrop|rename|comment|truncate)\b/i;

function asSubquery(selectSql: string): string {
  return selectSql.replace(/[\s;]+$/, '');
}

function lowerUnquoted(name: string): string {
  return /^[A-Z_][A-Z0-9_$]*$/.test(name) ? name.toLowerCase() : name;
}

/** Row keys and column names: Snowflake's upper-cased unquoted names in lower case. */
function reshape<T extends QueryResult>(result: T): T {
  const renames = result.columns.map((column) => lowerUnquoted(column.name));
  if (renames.every((name, index) => name === result.columns[index]!.name)) return result;
  const rows = result.rows.map((row) => {
    const out: Record<string, unknown> = {};
    result.columns.forEach((column, index) => (out[renames[index]!] = row[column.name]));
    return out;
  });
  return { ...result, columns: result.columns.map((column, index) => ({ ...column, name: renames[index]! })), rows };
}

export interface SnowflakeAdapterOptions {
  database: string;
  /** The profile's query_tag; else statements are tagged `dailies[:command][:node]`. */
  queryTag: string | null;
  /** Loading an S3 landing zone through an external stage (profile keys `load_storage_integration`, `load_stage`). */
  load?: SnowflakeLoadSettings;
}

export class SnowflakeAdapter implements Adapter {
  readonly type = 'snowflake';
  readonly defaultDatabase: string;
  /** What Snowflake can do that the run and review layers may rely on. */
  readonly capabilities: AdapterCapabilities = { zeroCopyClone: true, schemaSwap: true, transientSchemas: true, transactionalDdl: false, contractTableInOneStep: true };
  private readonly metadata: MetadataCache;
  /** Set while work holds a session (a transaction, a snapshot): a nested statement opens another rather than wait for it. */
  private readonly insideTransaction = new AsyncLocalStorage<boolean>();
  private closed = false;
  private readonly unregister: () => void;

  constructor(
    private readonly pool: SessionPool,
    private readonly options: SnowflakeAdapterOptions,
  ) {
    this.defaultDatabase = norm(options.database);
    this.unregister = registerCanceller(() => this.cancel());
    this.metadata = new MetadataCache((sql, params) => this.execute(sql, params));
  }

  // -- connection ---------------------------------------------------------

  private queryTag(): string {
    if (this.options.queryTag) return this.options.queryTag;
    const label = currentStatementLabel();
    return ['dailies', label.command, label.node].filter(Boolean).join(':');
  }

  private run(session: SnowflakeSession, sql: string, params?: unknown[], multiStatement = false): Promise<SnowflakeResult> {
    return session.run(sql, { binds: params, queryTag: this.queryTag(), ...(multiStatement ? { multiStatement } : {}) }).then(reshape);
  }

  /** `sql` after the model's sql_header, in one request (several statements: MULTI_STATEMENT_COUNT). */
  private headed(session: SnowflakeSession, sqlHeader: string | undefined, sql: string, params?: unknown[]): Promise<SnowflakeResult> {
    const text = ddl.withSqlHeader(sqlHeader, sql);
    return this.run(session, text, params, text !== sql);
  }

  private withSession<T>(work: (session: SnowflakeSession) => Promise<T>): Promise<T> {
    return this.pool.use(work, this.insideTransaction.getStore() === true);
  }

  /** Runs one statement on a pooled session; a read-only statement is retried once after a transient failure. */
  async execute(sql: string, params?: unknown[]): Promise<QueryResult> {
    if (CHANGES_METADATA.test(sql)) {
      try {
        return await this.withSession((session) => this.run(session, sql, params));
      } finally {
        this.metadata.forgetAll();
      }
    }
    try {
      return await this.withSession((session) => this.run(session, sql, params));
    } catch (error) {
      if (!READ_ONLY.test(sql) || !isTransient(error) || this.closed) throw error;
      return this.withSession((session) => this.run(session, sql, params));
    }
  }

  /** A statement the adapter itself issues; the caller tells the metadata cache what it changed. */
  private async statement(sql: string, sqlHeader?: string): Promise<QueryResult> {
    return this.withSession((session) => this.headed(session, sqlHeader, sql));
  }

  /** The relation's identifier as Snowflake stores it (as written when quoted). */
  private stored(relation: Relation): string {
    return storedName(relation.identifier, relation.quoting?.identifier === true);
  }

  private noteCreated(relation: Relation, type: RelationType): void {
    this.metadata.created(this.databaseOf(relation.database), relation.schema, this.stored(relation), type);
  }

  private noteDropped(relation: Relation): void {
    this.metadata.dropped(this.databaseOf(relation.database), relation.schema, this.stored(relation));
  }

  private noteColumnsChanged(relation: Relation): void {
    this.metadata.columnsChanged(this.databaseOf(relation.database), relation.schema, this.stored(relation));
  }

  loadCsvFile(relation: Relation, filePath: string, options: CsvLoadOptions): Promise<number> {
    return this.transaction((tx) => tx.loadCsvFile(relation, filePath, options));
  }

  /**
   * BEGIN … COMMIT on one session. Snowflake commits an open transaction at any DDL, so BEGIN is
   * sent lazily, before the first write: reads and DDL that come first (creating the table a load
   * fills) run auto-committed before it, and DDL after the transaction's first DML is refused instead of silently committing it.
   */
  transaction<T>(work: (tx: TransactionScope) => Promise<T>): Promise<T> {
    return this.withSession(async (session) => {
      let open = true;
      let begun = false;
      const onSession = async (sql: string, params?: unknown[]): Promise<QueryResult> => {
        if (!open) throw new DailiesError('internal', 'a transaction scope was used after its transaction ended', { hint: 'await every statement inside the transaction callback' });
        if (CHANGES_METADATA.test(sql)) {
          if (begun) {
            throw new DailiesError('internal', `DDL inside a Snowflake transaction would commit it: ${sql.trim().split('\n')[0]}`, {
              hint: 'create or alter relations before the transaction\'s first insert, update or delete',
            });
          }
          try {
            return await this.run(session, sql, params);
          } finally {
            this.metadata.forgetAll();
          }
        }
        if (!begun && !READ_ONLY.test(sql)) {
          await this.run(session, 'begin');
          begun = true;
        }
        return this.run(session, sql, params);
      };
      const tx: TransactionScope = {
        execute: onSession,
        loadCsvFile: (relation, filePath, options) => insertCsvFile(onSession, this.renderRelation(relation), filePath, options),
      };
      try {
        const value = await this.insideTransaction.run(true, () => work(tx));
        if (begun) await this.run(session, 'commit');
        return value;
      } catch (error) {
        if (begun) await this.run(session, 'rollback').catch(() => undefined);
        throw error;
      } finally {
        open = false;
      }
    });
  }

  /** Aborts every running statement (Ctrl-C, a cancelled job). */
  cancel(): void {
    this.pool.cancelAll();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unregister();
    await this.pool.close();
  }

  // -- names --------------------------------------------------------------

  /** Quotes the name as Snowflake stores it: a name that could be written unquoted is upper-cased. */
  quoteIdentifier(name: string): string {
    return ddl.quote(name);
  }

  renderRelation(relation: Relation): string {
    return dialect.renderRelation(relation);
  }

  normalizeIdentifier(name: string): string {
    return dialect.normalizeIdentifier(name);
  }

  // -- introspection ------------------------------------------------------

  private databaseOf(database: string | null): string {
    return database ?? this.defaultDatabase;
  }

  getRelation(relation: Relation): Promise<RelationInfo | null> {
    return this.metadata.relation(this.databaseOf(relation.database), relation.schema, relation.identifier, relation.quoting?.identifier === true);
  }

  listRelations(database: string | null, schema: string): Promise<RelationInfo[]> {
    return this.metadata.relations(this.databaseOf(database), schema);
  }

  getColumns(relation: Relation): Promise<ColumnMeta[]> {
    return this.metadata.columnsOf(this.databaseOf(relation.database), relation.schema, relation.identifier, relation.quoting?.identifier === true);
  }

  /** Every relation's columns in one schema, read now in one query (the review's diffs), keyed by the identifier in lower case. */
  async getSchemaColumns(database: string | null, schema: string): Promise<Map<string, ColumnMeta[]>> {
    const columns = await this.metadata.refreshSchemaColumns(this.databaseOf(database), schema);
    return new Map([...columns].map(([identifier, found]) => [identifier.toLowerCase(), found]));
  }

  catalog(schemas: { database: string | null; schema: string }[]): Promise<CatalogRelation[]> {
    const source = {
      relations: (database: string, schema: string) => this.metadata.relations(database, schema),
      columns: (relation: RelationInfo) => this.getColumns(relation),
      query: (sql: string, params?: unknown[]) => this.execute(sql, params),
    };
    return snowflakeCatalog(source, schemas.map((entry) => ({ database: this.databaseOf(entry.database), schema: entry.schema })));
  }

  schemaExists(database: string | null, schema: string): Promise<boolean> {
    return this.metadata.schemaExists(this.databaseOf(database), schema);
  }

  /** Names of the schemas of `database` (null: the default database), sorted. */
  listSchemas(database: string | null): Promise<string[]> {
    return this.metadata.schemaNamesOf(this.databaseOf(database));
  }

  /** The newer of CREATED and LAST_ALTERED per schema, from information_schema.schemata (uncached: the janitor asks once). */
  async schemaChangeTimes(database: string | null): Promise<{ schema: string; changedAt: Date }[]> {
    const { rows } = await this.execute(schemaTimesSql(this.databaseOf(database)));
    return schemaTimesOf(rows);
  }

  readProductionState(): Promise<ProductionStateRecord | null> {
    return readProductionState((sql, params) => this.execute(sql, params), this.metadata, this.defaultDatabase);
  }

  recordProductionState(tx: TransactionScope, state: ProductionStateRecord): Promise<void> {
    return recordProductionState(tx, this.metadata, this.defaultDatabase, state);
  }

  /** COPY INTO from an external stage on the S3 zone (stage-loader.ts). */
  stageLoader(zone: string, schema: string): Promise<StageLoader> {
    const settings = this.options.load ?? { storageIntegration: null, stage: null };
    return openStageLoader((sql) => this.execute(sql), this.defaultDatabase, settings, zone, schema);
  }

  // -- DDL / DML ----------------------------------------------------------

  async createSchema(database: string | null, schema: string, options: { transient?: boolean } = {}): Promise<void> {
    await this.statement(ddl.createSchemaSql(this.databaseOf(database), schema, options.transient === true));
    this.metadata.schemaCreated(this.databaseOf(database), schema);
  }

  async dropSchema(database: string | null, schema: string): Promise<void> {
    try {
      await this.statement(ddl.dropSchemaSql(this.databaseOf(database), schema));
    } finally {
      this.metadata.forgetAll();
    }
  }

  /** Zero-copy clone of a whole schema (`create or replace schema … clone …`). */
  async cloneSchema(database: string | null, from: string, to: string): Promise<void> {
    try {
      await this.statement(ddl.cloneSchemaSql(this.databaseOf(database), to, from));
    } finally {
      this.metadata.forgetAll();
    }
  }

  /** Atomically exchanges two schemas' contents (`alter schema … swap with …`). */
  async swapSchemas(database: string | null, schema: string, other: string): Promise<void> {
    try {
      await this.statement(ddl.swapSchemaSql(this.databaseOf(database), schema, other));
    } finally {
      this.metadata.forgetAll();
    }
  }

  private render(relation: Relation): string {
    return this.renderRelation({ ...relation, database: this.databaseOf(relation.database) });
  }

  /** Tables are transient unless `transient: false` (dbt-snowflake's default); temporary is treated as transient (sessions are pooled). */
  async createTableAs(relation: Relation, selectSql: string, options: CreateTableOptions = {}): Promise<void> {
    const target = this.render(relation);
    const body = asSubquery(selectSql);
    const transient = options.transient !== false;
    const contract = options.contractColumns ?? [];
    if (contract.length === 0) {
      await this.statement(ddl.createTableAsSql(target, body, transient), options.sqlHeader);
      this.noteCreated(relation, 'table');
      return;
    }
    const columns = contract.map((column) => ({ ...column, dataType: resolveSnowflakeType(column.dataType), constraints: this.withDatabases(column.constraints) }));
    await this.statement(ddl.createContractTableSql(target, columns, transient, this.withDatabases(options.contractConstraints ?? [])));
    this.noteCreated(relation, 'table');
    try {
      await this.statement(ddl.insertSelectSql(target, body, columns.map((column) => column.name)), options.sqlHeader);
    } catch (error) {
      await this.statement(ddl.dropRelationSql(target, 'table')).catch(() => undefined);
      this.noteDropped(relation);
      throw error;
    }
  }

  /** Foreign keys' tables with the default database filled in (dbt-snowflake renders the whole relation). */
  private withDatabases<T extends ContractConstraint>(constraints: T[]): T[] {
    return constraints.map((constraint) => (constraint.to ? { ...constraint, to: { ...constraint.to, database: this.databaseOf(constraint.to.database) } } : constraint));
  }

  /** `create or replace table … as` (with an enforced contract's typed columns): one statement, atomic on Snowflake (a failure keeps the old table). */
  async replaceTableAs(relation: Relation, selectSql: string, options: CreateTableOptions & { params?: unknown[] } = {}): Promise<void> {
    const [target, body, transient] = [this.render(relation), asSubquery(selectSql), options.transient !== false];
    const contract = (options.contractColumns ?? []).map((column) => ({ ...column, dataType: resolveSnowflakeType(column.dataType), constraints: this.withDatabases(column.constraints) }));
    const sql = contract.length > 0 ? ddl.createContractTableAsSql(target, contract, body, transient, this.withDatabases(options.contractConstraints ?? [])) : ddl.createTableAsSql(target, body, transient);
    await this.withSession((session) => this.headed(session, options.sqlHeader, sql, options.params));
    this.noteCreated(relation, 'table');
  }

  async createViewAs(relation: Relation, selectSql: string, options: Pick<WriteOptions, 'sqlHeader'> = {}): Promise<void> {
    await this.statement(ddl.createViewAsSql(this.render(relation), asSubquery(selectSql)), options.sqlHeader);
    this.noteCreated(relation, 'view');
  }

  async dropRelation(relation: Relation, type: RelationType): Promise<void> {
    const existing = await this.getRelation(relation);
    if (!existing) return;
    // the listing holds the name as stored: rendered exactly
    await this.statement(ddl.dropRelationSql(this.render({ ...existing, quoting: { ...relation.quoting, identifier: true } }), existing.type ?? type));
    this.noteDropped(relation);
  }

  async renameRelation(from: Relation, toIdentifier: string, type: RelationType): Promise<void> {
    const existing = await this.getRelation(from);
    const kind = existing?.type ?? type;
    await this.statement(ddl.renameRelationSql(this.render(from), this.render({ ...from, identifier: toIdentifier }), kind));
    this.noteDropped(from);
    this.noteCreated({ ...from, identifier: toIdentifier }, kind);
  }

  /** `alter table … swap with …` (atomic), then the old table, now under the staged name, is dropped. */
  async replaceRelation(target: Relation, staged: Relation, type: RelationType): Promise<void> {
    if (norm(this.databaseOf(target.database)) !== norm(this.databaseOf(staged.database)) || norm(target.schema) !== norm(staged.schema)) {
      throw new DailiesError('internal', `cannot replace ${this.render(target)} with ${this.render(staged)}: they are in different schemas`, {
        hint: 'build the staged relation in the same schema as its target',
      });
    }
    const existing = await this.getRelation(target);
    if (!existing || existing.type !== 'table' || type === 'view') {
      if (existing) await this.dropRelation(target, existing.type);
      await this.renameRelation(staged, target.identifier, type);
      return;
    }
    await this.statement(ddl.swapTableSql(this.render(target), this.render(staged)));
    this.noteColumnsChanged(target);
    await this.statement(ddl.dropRelationSql(this.render(staged), 'table'));
    this.noteDropped(staged);
  }

  async cloneTable(from: Relation, to: Relation): Promise<void> {
    await this.statement(ddl.cloneTableSql(this.render(from), this.render(to)));
    this.noteCreated(to, 'table');
  }

  async insertInto(target: Relation, sourceSql: string, columns: string[]): Promise<number | undefined> {
    const names = await this.columnsOrAll(target, columns);
    return (await this.statement(ddl.insertSelectSql(this.render(target), asSubquery(sourceSql), names))).rowsAffected;
  }

  private async columnsOrAll(relation: Relation, columns: string[]): Promise<string[]> {
    return columns.length > 0 ? columns : (await this.getColumns(relation)).map((column) => column.name);
  }

  async mergeInto(target: Relation, source: Relation, uniqueKey: string[], columns: string[], updateColumns: string[], options: WriteOptions = {}): Promise<number | undefined> {
    const names = await this.columnsOrAll(source, columns);
    const [into, from] = [this.render(target), this.render(source)];
    if (uniqueKey.length === 0) return (await this.statement(ddl.insertFromRelationSql(into, from, names), options.sqlHeader)).rowsAffected;
    return (await this.statement(ddl.mergeIntoSql(into, from, uniqueKey, names, updateColumns, options.predicates), options.sqlHeader)).rowsAffected;
  }

  /**
   * MERGE (no key: INSERT) straight from the model's query, no staged table: one statement. A
   * query that lacks one of `columns` fails to compile (000904, invalid identifier) having written
   * nothing: null, and the caller stages the rows and reconciles the columns instead.
   */
  async mergeFromQuery(target: Relation, selectSql: string, uniqueKey: string[], columns: string[], updateColumns: string[], options: WriteOptions = {}): Promise<{ rowsAffected: number | undefined } | null> {
    const [into, body] = [this.render(target), asSubquery(selectSql)];
    const sql = uniqueKey.length === 0 ? ddl.appendFromQuerySql(into, body, columns) : ddl.mergeFromQuerySql(into, body, uniqueKey, columns, updateColumns, options.predicates);
    try {
      return { rowsAffected: (await this.statement(sql, options.sqlHeader)).rowsAffected };
    } catch (error) {
      if (error instanceof SnowflakeError && error.snowflakeCode === '000904') return null;
      throw error;
    }
  }

  /**
   * delete+insert from the model's query in two statements on one session: its `columns` into a
   * TEMPORARY table (gone with the session, seen by no other), then one MERGE that deletes the
   * target rows matching its keys and inserts its rows, atomically. A query that lacks one of
   * `columns` fails the first (000904) having written nothing: null, and the caller stages instead.
   */
  async deleteInsertFromQuery(target: Relation, staged: Relation, selectSql: string, uniqueKey: string[], columns: string[], options: WriteOptions = {}): Promise<{ rowsAffected: number | undefined } | null> {
    const [into, from] = [this.render(target), this.render(staged)];
    return this.withSession(async (session) => {
      try {
        await this.headed(session, options.sqlHeader, ddl.stageQueryColumnsSql(from, asSubquery(selectSql), columns));
      } catch (error) {
        if (error instanceof SnowflakeError && error.snowflakeCode === '000904') return null;
        throw error;
      }
      if (options.predicates && options.predicates.length > 0) return { rowsAffected: await this.deleteInsertOnSession(session, into, from, uniqueKey, columns, options.predicates) };
      const merged = await this.run(session, ddl.deleteInsertMergeSql(into, from, uniqueKey, columns));
      const inserted = Object.entries(merged.rows[0] ?? {}).find(([name]) => name.toLowerCase() === 'number of rows inserted')?.[1];
      return { rowsAffected: inserted === undefined ? undefined : Number(inserted) };
    });
  }

  /**
   * With incremental_predicates the delete cannot be one MERGE (an unqualified column in a
   * predicate would be ambiguous there): dbt's DELETE and INSERT, in one transaction on the session.
   */
  private async deleteInsertOnSession(session: SnowflakeSession, into: string, from: string, uniqueKey: string[], columns: string[], predicates: string[]): Promise<number | undefined> {
    await this.run(session, 'begin');
    try {
      await this.run(session, ddl.deleteMatchingSql(into, from, uniqueKey, predicates));
      const inserted = await this.run(session, ddl.insertFromRelationSql(into, from, columns));
      await this.run(session, 'commit');
      return inserted.rowsAffected;
    } catch (error) {
      await this.run(session, 'rollback').catch(() => undefined);
      throw error;
    }
  }

  /** The query's columns and types from its result's metadata (`limit 0`: compiled, no row read). */
  async describeQuery(selectSql: string, options: Pick<WriteOptions, 'sqlHeader'> = {}): Promise<ColumnMeta[]> {
    const sql = ddl.describeQuerySql(asSubquery(selectSql));
    const text = ddl.withSqlHeader(options.sqlHeader, sql);
    const result = await this.withSession((session) => session.run(text, { queryTag: this.queryTag(), ...(text !== sql ? { multiStatement: true } : {}) }));
    return result.columns.map((column, index) => ({ name: column.name, dataType: result.dataTypes[index]!, nullable: true }));
  }

  /** A snapshot update in three statements on one session (snapshot.ts). */
  applySnapshot(update: SnapshotUpdate): Promise<number> {
    return this.withSession((session) =>
      this.insideTransaction.run(true, () => applySnapshotOnSession((sql, multiStatement) => this.run(session, sql, undefined, multiStatement === true), (relation) => this.render(relation), update)),
    );
  }

  async deleteInsert(target: Relation, source: Relation, uniqueKey: string[], columns: string[], options: WriteOptions = {}): Promise<number | undefined> {
    const names = await this.columnsOrAll(source, columns);
    const [into, from] = [this.render(target), this.render(source)];
    return this.transaction(async (tx) => {
      if (uniqueKey.length > 0) await tx.execute(ddl.deleteMatchingSql(into, from, uniqueKey, options.predicates));
      return (await tx.execute(ddl.insertFromRelationSql(into, from, names))).rowsAffected;
    });
  }

  async replaceBatch(target: Relation, source: Relation, batch: BatchWindow, columns: string[], options: WriteOptions = {}): Promise<number | undefined> {
    const names = await this.columnsOrAll(source, columns);
    const [into, from] = [this.render(target), this.render(source)];
    return this.transaction(async (tx) => {
      await tx.execute(ddl.deleteBatchSql(into, batch, options.predicates));
      return (await tx.execute(ddl.insertBatchSql(into, from, names))).rowsAffected;
    });
  }

  async insertOverwrite(target: Relation, source: Relation, columns: string[], options: WriteOptions = {}): Promise<number | undefined> {
    const [into, from] = [this.render(target), this.render(source)];
    return (await this.statement(ddl.insertOverwriteSql(into, from, columns), options.sqlHeader)).rowsAffected;
  }

  async addColumns(relation: Relation, columns: ColumnMeta[]): Promise<void> {
    const target = this.render(relation);
    try {
      for (const column of columns) await this.statement(ddl.addColumnSql(target, column.name, column.dataType));
    } finally {
      this.noteColumnsChanged(relation);
    }
  }

  async dropColumns(relation: Relation, columns: string[]): Promise<void> {
    const target = this.render(relation);
    try {
      for (const column of columns) await this.statement(ddl.dropColumnSql(target, column));
    } finally {
      this.noteColumnsChanged(relation);
    }
  }

  async alterColumnType(relation: Relation, column: string, dataType: string): Promise<void> {
    try {
      await this.statement(ddl.alterColumnTypeSql(this.render(relation), column, dataType));
    } finally {
      this.noteColumnsChanged(relation);
    }
  }

  // -- SQL fragments ------------------------------------------------------

  normalizeType(dataType: string): string {
    return normalizeSnowflakeType(dataType);
  }

  isNumericType(dataType: string): boolean {
    return isSnowflakeNumericType(dataType);
  }

  /** None known: whether Snowflake's HASH of a NUMBER depends on its precision and scale is not established here. */
  commonNumericType(): null {
    return null;
  }

  async resolveDataType(dataType: string): Promise<string> {
    return resolveSnowflakeType(dataType);
  }

  seedType(kind: SeedKind): string {
    return snowflakeSeedType(kind);
  }

  hashExpression(expressions: string[]): string {
    return snowflakeHashExpression(expressions);
  }

  fastHashExpression(expressions: string[]): string {
    return snowflakeFastHashExpression(expressions);
  }

  tableHashExpression(expressions: string[]): string {
    return snowflakeTableHashExpression(expressions);
  }

  currentTimestamp(): string {
    return snowflakeCurrentTimestamp();
  }

  /** information_schema's `last_altered` (dbt-snowflake's get_relation_last_modified). */
  async relationLastModified(relation: Relation): Promise<{ lastModified: unknown; snapshottedAt: unknown } | null> {
    const database = relation.database ?? this.defaultDatabase;
    const { rows } = await this.execute(
      `select last_altered, ${snowflakeCurrentTimestamp()} as snapshotted_at from ${this.quoteIdentifier(this.normalizeIdentifier(database))}.information_schema.tables where table_schema = ? and table_name = ?`,
      [this.normalizeIdentifier(relation.schema), this.normalizeIdentifier(relation.identifier)],
    );
    const row = rows[0];
    return row ? { lastModified: row.last_altered, snapshottedAt: row.snapshotted_at } : null;
  }
}
