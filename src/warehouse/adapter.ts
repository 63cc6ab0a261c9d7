/**
 * The seam between dailies and a warehouse. Everything dialect-specific lives behind it:
 * quoting and case rules, DDL for each materialization, clone/swap, merge, introspection.
 * Code above this file never writes dialect-specific SQL by hand.
 */
import { DailiesError } from '../errors.js';
import type { TargetConfig } from '../project/types.js';

export interface Relation {
  database: string | null;
  schema: string;
  identifier: string;
  /**
   * dbt's `quoting:` of the node: the parts written quoted, so kept exactly as spelled
   * (case-sensitive on Snowflake); the others follow the warehouse's rule for unquoted names.
   */
  quoting?: QuotePolicy;
}

export type QuotePolicy = Partial<Record<'database' | 'schema' | 'identifier', boolean>>;

export type RelationType = 'table' | 'view' | 'external' | 'unknown';

export interface RelationInfo extends Relation {
  type: RelationType;
}

export interface ColumnMeta {
  name: string;
  /** The warehouse's own type name, upper-case (e.g. `VARCHAR`, `DECIMAL(10,2)`, `TIMESTAMP`). */
  dataType: string;
  nullable: boolean;
}

/** One relation of the warehouse catalog (dbt's `catalog.json` entry): columns with their warehouse types, and statistics where the warehouse knows them. */
export interface CatalogRelation extends RelationInfo {
  columns: (ColumnMeta & { index: number; comment: string | null })[];
  comment: string | null;
  /** Rows in a table (null for views, or when the warehouse does not say). */
  rowCount: number | null;
  /** Storage the table takes, in bytes (null for views, or when the warehouse does not say). */
  bytes: number | null;
}

/** Rows come back as plain JSON-friendly values: numbers, strings, booleans, null (big ints and decimals as strings when they do not fit a double). */
export type Row = Record<string, unknown>;

export interface QueryResult {
  columns: { name: string; type: string }[];
  rows: Row[];
  /** Rows affected, for DML, when the warehouse reports it. */
  rowsAffected?: number;
}

/**
 * What a model's write takes beyond its rows: dbt's `incremental_predicates` (SQL conditions over
 * the aliases `DBT_INTERNAL_DEST` — the target — and `DBT_INTERNAL_SOURCE` — the new rows — added
 * to a merge's match and a delete+insert's delete), and the model's `sql_header` (statements sent
 * before the create/merge in the same execution, so session settings and temporary functions it
 * makes apply to it).
 */
export interface WriteOptions {
  predicates?: string[];
  sqlHeader?: string;
}

/**
 * A microbatch batch's window over the target: rows whose `eventTime` column (as the model's
 * `event_time` config writes it, unquoted, as dbt writes it) is >= `start` and < `end` — bounds as
 * dbt renders them (`2024-09-17 00:00:00+00:00`).
 */
export interface BatchWindow {
  eventTime: string;
  start: string;
  end: string;
}

/**
 * A column constraint of an enforced contract. A `foreign_key` names its table either as `to` (a
 * resolved `ref()`/`source()`) with `toColumns`, or as dbt's older `expression` (`parent (id)`).
 */
export interface ContractConstraint {
  type: string;
  expression?: string;
  to?: Relation;
  toColumns?: string[];
}

/** A model-level constraint of an enforced contract (dbt's `constraints:` beside `columns:`): over `columns`. */
export interface ModelConstraint extends ContractConstraint {
  columns: string[];
  name?: string;
}

export interface CreateTableOptions {
  /** Model-level constraints of an enforced contract (with `contractColumns`). */
  contractConstraints?: ModelConstraint[];
  /** The model's `sql_header`, sent before the create in the same execution. */
  sqlHeader?: string;
  /** Snowflake: TRANSIENT (no fail-safe; the default there, as in dbt-snowflake, unless `false`); DuckDB ignores it. */
  transient?: boolean;
  temporary?: boolean;
  /** Enforced contract: create the table with these columns/constraints first, then insert. */
  contractColumns?: { name: string; dataType: string; constraints: ContractConstraint[] }[];
}

/** What may run inside `Adapter.transaction`: everything uses the transaction's own connection. */
export interface TransactionScope {
  execute(sql: string, params?: unknown[]): Promise<QueryResult>;
  /**
   * Bulk-loads a local CSV file (header row) into an existing `relation`, appending. `columns` are
   * the header names expected, in order; a header that differs is an error. Every column is read as
   * text, except those `types` names (column → a type from `resolveDataType`), which are read as
   * that type, an empty field being NULL. `extraColumns` maps further target columns to SQL literal
   * expressions (e.g. the source file name). A malformed row fails the whole load with its line
   * number; a value that does not convert to its column's type fails it with a `CsvValueError`.
   * Returns the number of rows loaded.
   */
  loadCsvFile(relation: Relation, filePath: string, options: CsvLoadOptions): Promise<number>;
}

export interface CsvLoadOptions {
  columns: string[];
  extraColumns?: Record<string, string>;
  delimiter?: string;
  /** Column → type to read it as (the warehouse's name, from `resolveDataType`); other columns are text. */
  types?: Record<string, string>;
  /**
   * Check every exact numeric value through its text (slower). Needed only after the load failed
   * with `CsvSlowPathNeeded`: a fast read could not prove a value exact (e.g. a BIGINT above 2^53).
   */
  exactAsText?: boolean;
}

/** The fast read of exact numbers could not prove a value exact: load the file again with `exactAsText` (nothing of it was committed). */
export class CsvSlowPathNeeded extends DailiesError {
  constructor(file: string, cause?: unknown) {
    super('load', `${file} holds an integer too large to check through a double; load it again with exactAsText`, { place: { file }, cause });
    this.name = 'CsvSlowPathNeeded';
  }
}

/** `is not a valid decimal(2,1)`, `does not fit decimal(2,1) without rounding`, `is out of the range of integer`. */
export function describeMisfit(dataType: string, misfit?: 'rounded' | 'out-of-range', declaredAt = ''): string {
  if (misfit === 'rounded') return `does not fit ${dataType}${declaredAt} without rounding`;
  if (misfit === 'out-of-range') return `is out of the range of ${dataType}${declaredAt}`;
  return `is not a valid ${dataType}${declaredAt}`;
}

/**
 * A CSV value that does not convert to its column's declared type, or (`misfit`) a number it
 * cannot hold without rounding: the file, its physical line (header = 1), the column, the value and the type.
 */
export class CsvValueError extends DailiesError {
  readonly file: string;
  readonly line: number;
  readonly column: string;
  readonly value: string;
  readonly dataType: string;
  /** Set when the value is a number the type cannot hold as written: it has more decimals than the type keeps, or is too large. */
  readonly misfit?: 'rounded' | 'out-of-range';

  constructor(details: { file: string; line: number; column: string; value: string; dataType: string; misfit?: 'rounded' | 'out-of-range' }, cause?: unknown) {
    super('load', `line ${details.line} of ${details.file}: value "${details.value}" of column ${details.column} ${describeMisfit(details.dataType, details.misfit)}`, {
      place: { file: details.file, line: details.line },
      hint: 'fix the value in the file, or read the column as text; nothing from this file was loaded',
      cause,
    });
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.value = details.value;
    this.dataType = details.dataType;
    if (details.misfit) this.misfit = details.misfit;
  }
}

/** Capabilities as data: what an engine can do that callers may choose to rely on. */
export interface AdapterCapabilities {
  /** Tables clone without copying (Snowflake). */
  zeroCopyClone: boolean;
  /** `cloneSchema` and an atomic `swapSchemas` exist: promotion can publish a whole schema at once. */
  schemaSwap: boolean;
  /** `createSchema(…, { transient: true })` means something. */
  transientSchemas: boolean;
  /** DDL inside a transaction stays inside it (DuckDB); Snowflake commits the transaction at DDL. */
  transactionalDdl: boolean;
  /** `replaceTableAs` takes an enforced contract's columns: the typed table and its rows in one atomic statement (Snowflake). */
  contractTableInOneStep?: boolean;
  /** False where dbt's adapter refuses a `unique_key` on a microbatch model (dbt-duckdb); dbt-snowflake ignores it. */
  microbatchUniqueKey?: boolean;
}

/** The kinds of column a seed's CSV values are inferred as. */
export type SeedKind = 'boolean' | 'integer' | 'bigint' | 'float' | 'date' | 'timestamp' | 'text';

export interface Adapter extends TransactionScope {
  /** `duckdb` or `snowflake`: the name `adapter.dispatch` prefixes macros with. */
  readonly type: string;

  // -- connection ---------------------------------------------------------
  // execute(sql, params) and loadCsvFile(...) come from TransactionScope: outside a transaction
  // each runs on its own (auto-committed) connection.
  /** Runs statements in one transaction (where the warehouse has them); rolls back on error. */
  transaction<T>(work: (tx: TransactionScope) => Promise<T>): Promise<T>;
  close(): Promise<void>;

  // -- names --------------------------------------------------------------
  quoteIdentifier(name: string): string;
  /** The relation as SQL text, each part quoted. */
  renderRelation(relation: Relation): string;
  /** How the warehouse stores an unquoted identifier (DuckDB keeps case, Snowflake upper-cases). */
  normalizeIdentifier(name: string): string;
  /** Default database for relations whose config names none (DuckDB: the catalog name; Snowflake: the target database). */
  readonly defaultDatabase: string | null;

  // -- introspection ------------------------------------------------------
  getRelation(relation: Relation): Promise<RelationInfo | null>;
  listRelations(database: string | null, schema: string): Promise<RelationInfo[]>;
  getColumns(relation: Relation): Promise<ColumnMeta[]>;
  /**
   * Every relation's columns in one schema, in one catalog query, keyed by the identifier folded
   * to lower case (for callers that look many relations up: the PR review's diffs). Optional:
   * without it callers ask `getColumns` per relation.
   */
  getSchemaColumns?(database: string | null, schema: string): Promise<Map<string, ColumnMeta[]>>;
  schemaExists(database: string | null, schema: string): Promise<boolean>;
  /** Names of the schemas of `database` (null: the default database), sorted. */
  listSchemas(database: string | null): Promise<string[]>;
  /**
   * When each schema of `database` (null: the default database) was last created or altered, where
   * the warehouse records it (Snowflake: information_schema.schemata). DuckDB keeps no such time and
   * leaves this out; `dailies cleanup --older-than` then ages the PR's database file instead.
   */
  schemaChangeTimes?(database: string | null): Promise<{ schema: string; changedAt: Date }[]>;
  /** Every table and view of these schemas with columns and statistics (for `catalog.json`); a missing schema has none. */
  catalog(schemas: { database: string | null; schema: string }[]): Promise<CatalogRelation[]>;

  // -- DDL / DML (each returns after executing) ----------------------------
  /** `transient`: Snowflake TRANSIENT schema (its tables have no fail-safe: PR and staging builds); DuckDB ignores it. */
  createSchema(database: string | null, schema: string, options?: { transient?: boolean }): Promise<void>;
  dropSchema(database: string | null, schema: string): Promise<void>;
  createTableAs(relation: Relation, selectSql: string, options?: CreateTableOptions): Promise<void>;
  createViewAs(relation: Relation, selectSql: string, options?: Pick<WriteOptions, 'sqlHeader'>): Promise<void>;
  dropRelation(relation: Relation, type: RelationType): Promise<void>;
  /** Renames within the same schema. */
  renameRelation(from: Relation, toIdentifier: string, type: RelationType): Promise<void>;
  /**
   * Atomically replaces `target` with the already-built `staged` relation (same schema):
   * Snowflake `SWAP WITH` + drop, DuckDB rename inside a transaction. `staged` no longer exists afterwards.
   */
  replaceRelation(target: Relation, staged: Relation, type: RelationType): Promise<void>;
  /**
   * Optional capability: creates or replaces the table `relation` with the rows of `selectSql` in
   * ONE atomic step (DuckDB: a single `create or replace table … as`). On any failure the previous
   * table, if there was one, is left exactly as it was. `relation` must not currently be a view.
   * Adapters without it build into a temp relation and `replaceRelation` it into place.
   */
  replaceTableAs?(relation: Relation, selectSql: string, options?: Pick<CreateTableOptions, 'transient' | 'sqlHeader' | 'contractConstraints'> & { params?: unknown[]; contractColumns?: CreateTableOptions['contractColumns'] }): Promise<void>;
  /**
   * Optional (DuckDB, which enforces foreign keys and refuses to drop or replace a table another
   * references): the tables of `relation`'s schema whose foreign keys reference it, each with the
   * tables its own keys reference. Absent: replacing a referenced table needs nothing (Snowflake).
   */
  foreignKeyDependents?(relation: Relation): Promise<{ identifier: string; references: string[] }[]>;
  /** What the warehouse can do beyond the common seam (absent: none of it). */
  readonly capabilities?: AdapterCapabilities;
  /** With `capabilities.schemaSwap`: a zero-copy clone of a whole schema into `to` (replacing it). */
  cloneSchema?(database: string | null, from: string, to: string): Promise<void>;
  /** With `capabilities.schemaSwap`: atomically exchanges the contents of two schemas. */
  swapSchemas?(database: string | null, schema: string, other: string): Promise<void>;
  /** Zero-copy clone where supported (Snowflake), else a copy. */
  cloneTable(from: Relation, to: Relation): Promise<void>;
  // insertInto, mergeInto and deleteInsert resolve to the rows they wrote (inserted + updated), when the warehouse reports it.
  insertInto(target: Relation, sourceSql: string, columns: string[]): Promise<number | undefined>;
  /** MERGE on `uniqueKey` columns: update matched rows' `updateColumns`, insert the rest. */
  mergeInto(target: Relation, source: Relation, uniqueKey: string[], columns: string[], updateColumns: string[], options?: WriteOptions): Promise<number | undefined>;
  /** DELETE target rows whose key is in source (and that meet `options.predicates`), then INSERT source rows, in one transaction. */
  deleteInsert(target: Relation, source: Relation, uniqueKey: string[], columns: string[], options?: WriteOptions): Promise<number | undefined>;
  /**
   * One batch of dbt's `microbatch` strategy, in one transaction: DELETE the target rows whose
   * event time is in the batch's window (and that meet `options.predicates`), then INSERT the
   * source rows — DuckDB those in the window (dbt-duckdb's macro), Snowflake all (dbt-snowflake's).
   */
  replaceBatch(target: Relation, source: Relation, batch: BatchWindow, columns: string[], options?: WriteOptions): Promise<number | undefined>;
  /**
   * Optional (Snowflake): dbt-snowflake's `insert_overwrite` strategy, `insert overwrite into` —
   * the whole table replaced by the source rows in one statement. Absent: the adapter does not
   * offer the strategy (dbt-duckdb refuses it).
   */
  insertOverwrite?(target: Relation, source: Relation, columns: string[], options?: WriteOptions): Promise<number | undefined>;
  /**
   * Optional (Snowflake): merges (no `uniqueKey`: appends) the rows of `selectSql` straight into
   * `target`, with no staged table: writes `columns` (the target's), updating `updateColumns` of
   * matched rows. Resolves `null`, having written nothing, when the query lacks one of `columns`:
   * the caller then stages the rows and reconciles the columns as without this method.
   */
  mergeFromQuery?(target: Relation, selectSql: string, uniqueKey: string[], columns: string[], updateColumns: string[], options?: WriteOptions): Promise<{ rowsAffected: number | undefined } | null>;
  /**
   * Optional (Snowflake): delete+insert of the rows of `selectSql` into `target` on `uniqueKey`,
   * atomically, staging them in the session-local `staged` (no table left for others to see): writes
   * `columns` (the target's). Resolves `null`, having written nothing, when the query lacks one of
   * `columns`, as `mergeFromQuery` does.
   */
  deleteInsertFromQuery?(target: Relation, staged: Relation, selectSql: string, uniqueKey: string[], columns: string[], options?: WriteOptions): Promise<{ rowsAffected: number | undefined } | null>;
  /**
   * Optional (Snowflake): the columns `selectSql` returns, with their types as the warehouse would
   * create them, read from the result's metadata of a query that returns no row.
   */
  describeQuery?(selectSql: string, options?: Pick<WriteOptions, 'sqlHeader'>): Promise<ColumnMeta[]>;
  /**
   * Optional (Snowflake): applies one snapshot update its own way (stage, inspect, one MERGE);
   * resolves the number of rows inserted. Without it the run layer stages tables and applies
   * the changes with an UPDATE and an INSERT in one transaction.
   */
  applySnapshot?(update: SnapshotUpdate): Promise<number>;
  addColumns(relation: Relation, columns: ColumnMeta[]): Promise<void>;
  dropColumns(relation: Relation, columns: string[]): Promise<void>;
  alterColumnType(relation: Relation, column: string, dataType: string): Promise<void>;

  // -- SQL fragments the engine needs in dialect-neutral places -------------
  /** Canonical form of a type name so that `INT` and `INTEGER` compare equal. */
  normalizeType(dataType: string): string;
  /** Whether a column type holds numbers (integers, decimals, floats), whose values compare across widths and kinds. */
  isNumericType(dataType: string): boolean;
  /**
   * A type two numeric column types both cast to without loss, so that equal numbers become equal
   * values of one type (and hash alike); null when the adapter knows none. A diff hashes a column
   * retyped between such types with the rest of the row instead of comparing it on its own.
   */
  commonNumericType(from: string, to: string): string | null;
  /**
   * The warehouse's own name of a column type written by a user (`int` → `INTEGER`), checked by the
   * warehouse itself; a DailiesError when it is not a type the warehouse can create a column of.
   */
  resolveDataType(dataType: string): Promise<string>;
  /** A type name for a seed column inferred as one of these kinds. */
  seedType(kind: SeedKind): string;
  /** An expression hashing a whole row of `columns` as text (for keyless diffs): equal text, equal hash. */
  hashExpression(expressions: string[]): string;
  /**
   * A fast 64-bit hash of one or more values, NULL-safe, for comparing rows within one query.
   * Values of different types may hash differently even when equal (1 as integer and as bigint).
   */
  fastHashExpression(expressions: string[]): string;
  /**
   * Optional: an aggregate hashing every row's `expressions` into one value, independent of row
   * order (Snowflake's HASH_AGG), for the diff's whole-table check. Without it the check sums the
   * rows' `fastHashExpression`.
   */
  tableHashExpression?(expressions: string[]): string;
  /** The current time as snapshots record it (dbt's snapshot_get_time(): a timestamp without time zone). */
  currentTimestamp(): string;
  /**
   * Optional (dbt's metadata-based freshness, for a source without `loaded_at_field`): when the
   * warehouse last changed the relation, and its clock now; null when there is no such relation.
   * DuckDB keeps no such time (dbt-duckdb has none either).
   */
  relationLastModified?(relation: Relation): Promise<{ lastModified: unknown; snapshottedAt: unknown } | null>;

  // -- production state ---------------------------------------------------
  // What the last successful promotion published, kept inside the production warehouse itself
  // (DuckDB: schema `dailies_state` of the default database). The SQL lives in each adapter.
  /** The newest record, or null when no promotion has recorded one (or the table does not exist). */
  readProductionState(): Promise<ProductionState | null>;
  /**
   * Records `state` inside the publish transaction `tx` (creating the state table when needed), so
   * that production and its record change together or not at all.
   */
  recordProductionState(tx: TransactionScope, state: ProductionState): Promise<void>;

  // -- loading from S3 ------------------------------------------------------
  /**
   * Optional: a loader for landing-zone files the warehouse reads from S3 itself (Snowflake: COPY
   * INTO from an external stage), for the zone `s3://bucket/prefix/` loading into RAW `schema`.
   * Absent: `dailies load` downloads each object and calls `loadCsvFile`.
   */
  stageLoader?(zone: string, schema: string): Promise<StageLoader>;
}

/** Loads landing-zone objects that the warehouse reads from S3 itself; one per load run. */
export interface StageLoader {
  /** How the warehouse reads the zone, for messages (e.g. `stage DB.RAW._DAILIES_LANDING`). */
  readonly description: string;
  /**
   * Inside a file's transaction, before its first write (it may run DDL, which Snowflake commits):
   * makes what loading into `target` with `options` needs (Snowflake: a staging table).
   */
  prepare(tx: TransactionScope, target: Relation, options: CsvLoadOptions): Promise<void>;
  /**
   * Inside a file's transaction, after `prepare`: copies the object `key` (relative to the
   * zone; a header row, then `options.columns`, typed by `options.types`) into `target`, appending,
   * with `options.extraColumns`. Returns the rows loaded. A row that does not load fails with a
   * `CsvValueError` (a value that does not convert) or a DailiesError placed at `key` and the line
   * the warehouse names; nothing of the object is then written.
   */
  load(tx: TransactionScope, target: Relation, key: string, options: CsvLoadOptions): Promise<number>;
  /** After the run: removes what the loader made for it (staging tables). */
  close(): Promise<void>;
}

/** One snapshot run over an existing snapshot table (see `Adapter.applySnapshot`). */
export interface SnapshotUpdate {
  target: Relation;
  /** Where the snapshot query's rows are staged: a sibling of `target`. */
  staged: Relation;
  /** The select that stages them: the snapshot query with the key aliases and dbt's meta columns. */
  stageSql: string;
  /** The staged rows' key alias columns (for counting key values found more than once). */
  keyColumns: string[];
  /** The meta columns' names (dbt's `snapshot_meta_column_names`): the version id and its end. */
  scdIdColumn: string;
  validToColumn: string;
  /** The snapshot's `sql_header`, sent before the statement that stages the rows. */
  sqlHeader?: string;
  /** SQL saying the row of `qualifier` (a table alias) is a current version (dbt_valid_to NULL, or `dbt_valid_to_current`'s value). */
  isCurrent(qualifier: string): string;
  /**
   * Decides the changes from the staged rows' columns and the number of key values found more than
   * once (it throws to refuse duplicates, and may add columns to the target). Returns the changes
   * query over `staged`, with `dbt_change_type` 'insert' (a row to insert: `columns`) or 'update' /
   * 'delete' (closes the current version `scdIdColumn`, setting its `validToColumn`).
   */
  plan(staged: { columns: ColumnMeta[]; duplicateKeys: number }): Promise<{ changesSql: string; columns: string[] }>;
}

/** What production holds: the commit and manifest of the last successful promotion. */
export interface ProductionState {
  commitSha: string;
  /** SHA-256 of `manifestJson`. */
  manifestSha256: string;
  /** The manifest the promotion published (compiled with production's names), as JSON. */
  manifestJson: string;
  /** Nodes with a relation (models, seeds, snapshots) in that manifest. */
  nodeCount: number;
  /** ISO 8601, UTC. */
  promotedAt: string;
}

/**
 * A pull request's review session: the one connection its build gets. It reads production and
 * writes only the PR's own storage, BY CONSTRUCTION of the connection, not by checking SQL:
 *
 * - DuckDB: the PR's models live in a database file of their own beside production's
 *   (`<production stem>__<pr schema>.duckdb`); production's file is ATTACHed READ_ONLY and is the
 *   connection's default catalog, so any write to it (a hook's `delete from main.fct_ratings`, a
 *   `run_query('drop table …')`) fails with DuckDB's read-only error. File access is then limited to
 *   `readablePaths` (for good: DuckDB refuses to widen it while running); ATTACH/DETACH/LOAD/INSTALL
 *   statements are refused (a DETACH + re-ATTACH would otherwise reopen production read-write).
 * - Snowflake: the review connects as a PR role/user that can read production and owns only the PR
 *   schemas (see docs/action.md for the grants).
 *
 * `verifyCannotWriteProduction()` runs before anything is built and refuses (with the fix in the
 * hint) when the session's connection could write production after all.
 */
export interface ReviewSession {
  /** Reads production (unqualified names resolve to it); writes only the PR's own database/schemas. */
  readonly adapter: Adapter;
  /** The target the PR's nodes compile against: its `database` is where they are built. */
  readonly target: TargetConfig;
  /** Production's database name as this session sees it: compile production's names with it. */
  readonly productionDatabase: string | null;
  /** Throws a DailiesError (kind `config`) when the session's connection can write production. */
  verifyCannotWriteProduction(): Promise<void>;
  /**
   * Relations in the session's own storage outside the schemas `isOwn` accepts (the PR schema and
   * its variants), as rendered names: a PR that reads production and writes it elsewhere.
   */
  strayRelations(isOwn: (schema: string) => boolean): Promise<string[]>;
  close(): Promise<void>;
}

export interface ReviewSessionRequest {
  /** Production's target: read by the session, never written. */
  production: TargetConfig;
  /**
   * The PR's own target: whose credentials the session connects with (Snowflake: the PR
   * role/user). DuckDB derives the session's file from production's path and ignores it.
   */
  reviewer: TargetConfig;
  /** The PR's schema (`pr_12`); it also names the session's own storage. */
  name: string;
  /** Local files the build may read (the project's seed CSVs); no other file is readable. */
  readablePaths: string[];
}
