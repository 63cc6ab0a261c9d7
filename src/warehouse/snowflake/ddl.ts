/**
 * The DDL and DML of each materialization step, as Snowflake SQL text. Pure: relations arrive
 * rendered (quoted, upper-cased where Snowflake would), column names raw (quoted here by the
 * Snowflake rule: a name that could be written unquoted is upper-cased). Goldens:
 * test/warehouse/goldens/snowflake/.
 */
import type { BatchWindow, CreateTableOptions, ModelConstraint, RelationType } from '../adapter.js';
import { dialectFor } from '../dialect.js';

const dialect = dialectFor('snowflake');
export const quote = (name: string): string => dialect.quoteIdentifier(dialect.normalizeIdentifier(name));
const columnList = (columns: string[]): string => columns.map(quote).join(', ');

export type ContractColumn = NonNullable<CreateTableOptions['contractColumns']>[number];

export function schemaName(database: string | null, schema: string): string {
  return database ? `${quote(database)}.${quote(schema)}` : quote(schema);
}

export const createSchemaSql = (database: string | null, schema: string, transient = false): string =>
  `create ${transient ? 'transient ' : ''}schema if not exists ${schemaName(database, schema)}`;

export const dropSchemaSql = (database: string | null, schema: string): string => `drop schema if exists ${schemaName(database, schema)} cascade`;

export const cloneSchemaSql = (database: string | null, schema: string, from: string): string =>
  `create or replace schema ${schemaName(database, schema)} clone ${schemaName(database, from)}`;

export const swapSchemaSql = (database: string | null, schema: string, other: string): string =>
  `alter schema ${schemaName(database, schema)} swap with ${schemaName(database, other)}`;

const tableKind = (transient: boolean): string => (transient ? 'transient table' : 'table');

export const createTableAsSql = (relation: string, selectSql: string, transient = false): string =>
  `create or replace ${tableKind(transient)} ${relation} as (\n${selectSql}\n)`;

export const createViewAsSql = (relation: string, selectSql: string): string => `create or replace view ${relation} as (\n${selectSql}\n)`;

export const keyword = (type: RelationType): 'table' | 'view' => (type === 'view' ? 'view' : 'table');

export const dropRelationSql = (relation: string, type: RelationType): string => `drop ${keyword(type)} if exists ${relation}`;

/** `to` fully qualified: an unqualified new name would move the relation into the session's current schema. */
export const renameRelationSql = (relation: string, to: string, type: RelationType): string => `alter ${keyword(type)} ${relation} rename to ${to}`;

export const swapTableSql = (target: string, staged: string): string => `alter table ${target} swap with ${staged}`;

export const cloneTableSql = (from: string, to: string): string => `create or replace table ${to} clone ${from}`;

/**
 * Column definitions: NOT NULL (enforced), primary key, unique and foreign keys (recorded, not
 * enforced), as dbt-snowflake renders them; a foreign key's `to` is the whole relation (default database filled in by the adapter).
 */
function columnDefinition(column: ContractColumn): string {
  const parts = [quote(column.name), column.dataType];
  for (const constraint of column.constraints) {
    const type = constraint.type.toLowerCase();
    if (type === 'not_null') parts.push('not null');
    else if (type === 'primary_key') parts.push('primary key');
    else if (type === 'unique') parts.push('unique');
    else if (type === 'foreign_key') {
      if (constraint.to && constraint.toColumns && constraint.toColumns.length > 0) parts.push(`references ${dialect.renderRelation(constraint.to)} (${constraint.toColumns.join(', ')})`);
      else if (constraint.expression) parts.push(`references ${constraint.expression}`);
    }
  }
  return parts.join(' ');
}

/** A model-level constraint as dbt-snowflake renders it (check constraints are not supported there: left out). */
function modelConstraint(constraint: ModelConstraint): string | null {
  const prefix = constraint.name ? `constraint ${constraint.name} ` : '';
  const columns = constraint.columns.join(', ');
  switch (constraint.type.toLowerCase()) {
    case 'unique':
      return `${prefix}unique (${columns})`;
    case 'primary_key':
      return `${prefix}primary key (${columns})`;
    case 'foreign_key':
      if (constraint.to && constraint.toColumns && constraint.toColumns.length > 0) return `${prefix}foreign key (${columns}) references ${dialect.renderRelation(constraint.to)} (${constraint.toColumns.join(', ')})`;
      return constraint.expression ? `${prefix}foreign key (${columns}) references ${constraint.expression}` : null;
    default:
      return null;
  }
}

export const createContractTableSql = (relation: string, columns: ContractColumn[], transient = false, constraints: ModelConstraint[] = []): string =>
  `create or replace ${tableKind(transient)} ${relation} (\n  ${[...columns.map(columnDefinition), ...constraints.flatMap((constraint) => modelConstraint(constraint) ?? [])].join(',\n  ')}\n)`;

export function insertSelectSql(relation: string, selectSql: string, columns: string[]): string {
  return `insert into ${relation} (${columnList(columns)})\nselect ${columnList(columns)} from (\n${selectSql}\n) as dailies_source`;
}

function keyMatch(left: string, right: string, uniqueKey: string[]): string {
  return uniqueKey.map((key) => `${left}.${quote(key)} = ${right}.${quote(key)}`).join(' and ');
}

/** `and (p1) and (p2)`: dbt's incremental_predicates, each in parentheses. */
export const andPredicates = (predicates: string[] = []): string => predicates.map((predicate) => ` and (${predicate})`).join('');

/** dbt's `sql_header` before the statement, in the same request (MULTI_STATEMENT_COUNT); undefined: none. */
export const withSqlHeader = (sqlHeader: string | undefined, sql: string): string => (sqlHeader && sqlHeader.trim() !== '' ? `${sqlHeader.trim()}\n${sql}` : sql);

/** dbt's aliases: incremental_predicates name the target DBT_INTERNAL_DEST and the new rows DBT_INTERNAL_SOURCE. */
export function mergeIntoSql(target: string, source: string, uniqueKey: string[], columns: string[], updateColumns: string[], predicates: string[] = []): string {
  const lines = [`merge into ${target} as DBT_INTERNAL_DEST`, `using ${source} as DBT_INTERNAL_SOURCE`, `on (${keyMatch('DBT_INTERNAL_SOURCE', 'DBT_INTERNAL_DEST', uniqueKey)})${andPredicates(predicates)}`];
  if (updateColumns.length > 0) {
    lines.push(`when matched then update set ${updateColumns.map((column) => `${quote(column)} = DBT_INTERNAL_SOURCE.${quote(column)}`).join(', ')}`);
  }
  lines.push(`when not matched then insert (${columnList(columns)}) values (${columns.map((column) => `DBT_INTERNAL_SOURCE.${quote(column)}`).join(', ')})`);
  return lines.join('\n');
}

/** As dbt-core's delete+insert (dbt-snowflake uses it): the target rows whose key the new rows hold, and that meet the predicates. */
export function deleteMatchingSql(target: string, source: string, uniqueKey: string[], predicates: string[] = []): string {
  const keys = columnList(uniqueKey);
  return `delete from ${target} as DBT_INTERNAL_DEST where (${keys}) in (select distinct ${keys} from ${source} as DBT_INTERNAL_SOURCE)${andPredicates(predicates)}`;
}

export const insertFromRelationSql = (target: string, source: string, columns: string[]): string =>
  `insert into ${target} (${columnList(columns)}) select ${columnList(columns)} from ${source}`;

/** dbt-snowflake's microbatch delete: the batch's bounds as predicates on the target (`DBT_INTERNAL_TARGET`), after the model's own. */
export function deleteBatchSql(target: string, batch: BatchWindow, predicates: string[] = []): string {
  const bounds = [`DBT_INTERNAL_TARGET.${batch.eventTime} >= to_timestamp_tz('${batch.start}')`, `DBT_INTERNAL_TARGET.${batch.eventTime} < to_timestamp_tz('${batch.end}')`];
  return `delete from ${target} DBT_INTERNAL_TARGET\nwhere (${[...predicates, ...bounds].join(' and ')})`;
}

/** dbt-snowflake's microbatch insert: every new row of the batch. */
export const insertBatchSql = (target: string, source: string, columns: string[]): string =>
  `insert into ${target} (${columnList(columns)})\n(\n    select ${columnList(columns)}\n    from ${source}\n)`;

/** dbt-snowflake's insert_overwrite: the whole table replaced by the new rows, in one statement. */
export const insertOverwriteSql = (target: string, source: string, columns: string[]): string =>
  columns.length === 0 ? `insert overwrite into ${target}\n    select *\n    from ${source}` : `insert overwrite into ${target} (${columnList(columns)})\n    select ${columnList(columns)}\n    from ${source}`;

export const addColumnSql = (relation: string, name: string, dataType: string): string => `alter table ${relation} add column ${quote(name)} ${dataType}`;

export const dropColumnSql = (relation: string, name: string): string => `alter table ${relation} drop column ${quote(name)}`;

export const alterColumnTypeSql = (relation: string, name: string, dataType: string): string =>
  `alter table ${relation} alter column ${quote(name)} set data type ${dataType}`;

/** A session-local table: gone when the session ends, seen by no other session. */
export const createTemporaryTableAsSql = (relation: string, selectSql: string): string => `create or replace temporary table ${relation} as (\n${selectSql}\n)`;

/** MERGE from a query (no staged table): `selectSql` is the source, aliased as DBT_INTERNAL_SOURCE. */
export const mergeFromQuerySql = (target: string, selectSql: string, uniqueKey: string[], columns: string[], updateColumns: string[], predicates: string[] = []): string =>
  mergeIntoSql(target, `(\n${selectSql}\n)`, uniqueKey, columns, updateColumns, predicates);

/** A query's `columns`, picked by name into a session-local table (a missing one: 000904, nothing created). */
export const stageQueryColumnsSql = (relation: string, selectSql: string, columns: string[]): string =>
  createTemporaryTableAsSql(relation, `select ${columnList(columns)} from (\n${selectSql}\n) as dailies_source`);

/**
 * delete+insert as ONE MERGE (atomic) from the staged rows: each distinct key of them deletes the
 * target rows it matches, and every staged row, duplicates too, is inserted (an insert row's key
 * columns here are null: it never matches). A null key matches nothing, as in `DELETE … USING`.
 */
export function deleteInsertMergeSql(target: string, staged: string, uniqueKey: string[], columns: string[]): string {
  const keys = uniqueKey.map((key, index) => [quote(key), `dailies_key_${index}`] as const);
  const deletes = `select distinct ${[...keys.map(([key, alias]) => `${key} as ${alias}`), ...columns.map((column) => `null as ${quote(column)}`)].join(', ')}, 'delete' as dailies_action from ${staged}`;
  const inserts = `select ${[...keys.map(([, alias]) => `null as ${alias}`), ...columns.map(quote)].join(', ')}, 'insert' as dailies_action from ${staged}`;
  return [
    `merge into ${target} as dailies_target`,
    `using (\n${deletes}\nunion all\n${inserts}\n) as dailies_source`,
    `on (${keys.map(([key, alias]) => `dailies_target.${key} = dailies_source.${alias}`).join(' and ')})`,
    "when matched and dailies_source.dailies_action = 'delete' then delete",
    `when not matched and dailies_source.dailies_action = 'insert' then insert (${columnList(columns)}) values (${columns.map((column) => `dailies_source.${quote(column)}`).join(', ')})`,
  ].join('\n');
}

/** INSERT from a query, the columns picked by name. */
export const appendFromQuerySql = (target: string, selectSql: string, columns: string[]): string => insertSelectSql(target, selectSql, columns);

/**
 * The staged snapshot rows' columns (from the result's metadata: no row comes back) and the number
 * of key values found more than once, in one query.
 */
export function snapshotInspectSql(staged: string, keyColumns: string[]): string {
  const keys = keyColumns.join(', ');
  return [
    'select dailies_staged.*, dailies_check.dailies_duplicate_keys',
    `from (select count(*) as dailies_duplicate_keys from (select ${keys} from ${staged} group by ${keys} having count(*) > 1) dailies_duplicates) dailies_check`,
    `left join (select * from ${staged} limit 0) dailies_staged on 1 = 1`,
  ].join('\n');
}

/**
 * One snapshot update as dbt-snowflake applies it: the changes close the current version of
 * their `dbt_scd_id` ('update', 'delete') or are inserted ('insert'). Insert rows never match, so
 * a version whose id an older one already had is still inserted, as the portable path does.
 */
export function snapshotMergeSql(target: string, changesSql: string, columns: string[], meta: { scdId: string; validTo: string; isCurrent: (qualifier: string) => string } = DBT_META): string {
  const { scdId, validTo } = meta;
  return [
    `merge into ${target} as dailies_target`,
    `using (\n${changesSql}\n) as dailies_changes`,
    `on dailies_changes.${scdId} = dailies_target.${scdId} and dailies_changes.dbt_change_type in ('update', 'delete') and ${meta.isCurrent('dailies_target')}`,
    `when matched then update set ${validTo} = dailies_changes.${validTo}`,
    `when not matched and dailies_changes.dbt_change_type = 'insert' then insert (${columnList(columns)}) values (${columns.map((column) => `dailies_changes.${quote(column)}`).join(', ')})`,
  ].join('\n');
}

/** dbt's meta column names, current rows with a NULL dbt_valid_to. */
const DBT_META = { scdId: 'dbt_scd_id', validTo: 'dbt_valid_to', isCurrent: (qualifier: string) => `${qualifier}.dbt_valid_to is null` };

/** Returns no row; its result's metadata tells the query's columns and types. */
export const describeQuerySql = (selectSql: string): string => `select * from (\n${selectSql}\n) as dailies_describe limit 0`;

/**
 * An enforced contract's table in one atomic statement: the declared columns (NOT NULL enforced)
 * filled from the query, column by column in the declared order.
 */
export const createContractTableAsSql = (relation: string, columns: ContractColumn[], selectSql: string, transient = false, constraints: ModelConstraint[] = []): string =>
  `${createContractTableSql(relation, columns, transient, constraints)} as (\nselect ${columnList(columns.map((column) => column.name))} from (\n${selectSql}\n) as dailies_source\n)`;
