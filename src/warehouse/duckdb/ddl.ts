/**
 * The DDL and DML statements of each materialization step, as DuckDB SQL text. Pure: relations
 * arrive already rendered (quoted), column names raw (quoted here).
 */
import { dialectFor } from '../dialect.js';
import type { BatchWindow, CreateTableOptions, ModelConstraint, RelationType } from '../adapter.js';
import { ddlKeyword } from './introspection.js';

const quote = (name: string): string => dialectFor('duckdb').quoteIdentifier(name);
const columnList = (columns: string[]): string => columns.map(quote).join(', ');

export type ContractColumn = NonNullable<CreateTableOptions['contractColumns']>[number];

export function schemaName(database: string | null, schema: string): string {
  return database ? `${quote(database)}.${quote(schema)}` : quote(schema);
}

export const createSchemaSql = (database: string | null, schema: string): string =>
  `create schema if not exists ${schemaName(database, schema)}`;

export const dropSchemaSql = (database: string | null, schema: string): string =>
  `drop schema if exists ${schemaName(database, schema)} cascade`;

export const createTableAsSql = (relation: string, selectSql: string): string =>
  `create or replace table ${relation} as (\n${selectSql}\n)`;

export const createViewAsSql = (relation: string, selectSql: string): string =>
  `create or replace view ${relation} as (\n${selectSql}\n)`;

export const dropRelationSql = (relation: string, type: RelationType): string => `drop ${ddlKeyword(type).toLowerCase()} if exists ${relation}`;

export const renameRelationSql = (relation: string, toIdentifier: string, type: RelationType): string =>
  `alter ${ddlKeyword(type).toLowerCase()} ${relation} rename to ${quote(toIdentifier)}`;

export const cloneTableSql = (from: string, to: string): string => `create or replace table ${to} as select * from ${from}`;

/**
 * A foreign key as dbt-duckdb renders it: `references "schema"."table" (cols)` for `to`/`to_columns`
 * (no database: DuckDB keys stay within one catalog), `references <expression>` for the older form.
 */
export function foreignKeyReference(constraint: ContractColumn['constraints'][number]): string | null {
  if (constraint.to && constraint.toColumns && constraint.toColumns.length > 0) return `references ${quote(constraint.to.schema)}.${quote(constraint.to.identifier)} (${constraint.toColumns.join(', ')})`;
  return constraint.expression ? `references ${constraint.expression}` : null;
}

/** Column definitions with the constraints DuckDB enforces (foreign keys too); custom constraints are not created. */
function columnDefinition(column: ContractColumn): string {
  const parts = [quote(column.name), column.dataType];
  for (const constraint of column.constraints) {
    const type = constraint.type.toLowerCase();
    if (type === 'not_null') parts.push('not null');
    else if (type === 'primary_key') parts.push('primary key');
    else if (type === 'unique') parts.push('unique');
    else if (type === 'check' && constraint.expression) parts.push(`check (${constraint.expression})`);
    else if (type === 'foreign_key') parts.push(foreignKeyReference(constraint) ?? '');
  }
  return parts.filter(Boolean).join(' ');
}

/** A model-level constraint as dbt-core renders it (dbt-duckdb creates every kind). */
function modelConstraint(constraint: ModelConstraint): string | null {
  const prefix = constraint.name ? `constraint ${constraint.name} ` : '';
  const columns = constraint.columns.join(', ');
  switch (constraint.type.toLowerCase()) {
    case 'check':
      return constraint.expression ? `${prefix}check (${constraint.expression})` : null;
    case 'unique':
      return `${prefix}unique (${columns})`;
    case 'primary_key':
      return `${prefix}primary key (${columns})`;
    case 'foreign_key': {
      const reference = foreignKeyReference(constraint);
      return reference ? `${prefix}foreign key (${columns}) ${reference}` : null;
    }
    default:
      return null;
  }
}

export const createContractTableSql = (relation: string, columns: ContractColumn[], constraints: ModelConstraint[] = []): string =>
  `create or replace table ${relation} (\n  ${[...columns.map(columnDefinition), ...constraints.flatMap((constraint) => modelConstraint(constraint) ?? [])].join(',\n  ')}\n)`;

/** Inserts the named columns of `selectSql` (so a missing column fails by name, not by position). */
export function insertSelectSql(relation: string, selectSql: string, columns: string[]): string {
  if (columns.length === 0) return `insert into ${relation} by name (\n${selectSql}\n)`;
  return `insert into ${relation} (${columnList(columns)})\nselect ${columnList(columns)} from (\n${selectSql}\n) as dailies_source`;
}

function keyMatch(left: string, right: string, uniqueKey: string[]): string {
  return uniqueKey.map((key) => `${left}.${quote(key)} = ${right}.${quote(key)}`).join(' and ');
}

/** `and (p1) and (p2)`: dbt's incremental_predicates, each in parentheses. */
export const andPredicates = (predicates: string[] = []): string => predicates.map((predicate) => ` and (${predicate})`).join('');

/** dbt's `sql_header` before the statement, in the same execution. */
export const withSqlHeader = (sqlHeader: string | undefined, sql: string): string => (sqlHeader && sqlHeader.trim() !== '' ? `${sqlHeader.trim()}\n${sql}` : sql);

/** dbt's aliases: incremental_predicates name the target DBT_INTERNAL_DEST and the new rows DBT_INTERNAL_SOURCE. */
export function mergeIntoSql(target: string, source: string, uniqueKey: string[], columns: string[], updateColumns: string[], predicates: string[] = []): string {
  const lines = [`merge into ${target} as DBT_INTERNAL_DEST`, `using ${source} as DBT_INTERNAL_SOURCE`, `on (${keyMatch('DBT_INTERNAL_SOURCE', 'DBT_INTERNAL_DEST', uniqueKey)})${andPredicates(predicates)}`];
  if (updateColumns.length > 0) {
    const sets = updateColumns.map((column) => `${quote(column)} = DBT_INTERNAL_SOURCE.${quote(column)}`).join(', ');
    lines.push(`when matched then update set ${sets}`);
  }
  if (columns.length === 0) lines.push('when not matched then insert by name');
  else lines.push(`when not matched then insert (${columnList(columns)}) values (${columns.map((c) => `DBT_INTERNAL_SOURCE.${quote(c)}`).join(', ')})`);
  return lines.join('\n');
}

/** As dbt-core's delete+insert: the target rows whose key the new rows hold (and that meet the predicates). */
export function deleteMatchingSql(target: string, source: string, uniqueKey: string[], predicates: string[] = []): string {
  const keys = columnList(uniqueKey);
  return `delete from ${target} as DBT_INTERNAL_DEST where (${keys}) in (select distinct ${keys} from ${source} as DBT_INTERNAL_SOURCE)${andPredicates(predicates)}`;
}

/** dbt-duckdb's microbatch window: `event_at >= '<start>' and event_at < '<end>'`. */
const inBatch = (batch: BatchWindow): string => `${batch.eventTime} >= '${batch.start}' and ${batch.eventTime} < '${batch.end}'`;

/** dbt-duckdb's microbatch delete: the target's rows in the batch's window (and meeting the predicates). */
export const deleteBatchSql = (target: string, batch: BatchWindow, predicates: string[] = []): string => `delete from ${target}\nwhere ${inBatch(batch)}${andPredicates(predicates)}`;

/** dbt-duckdb's microbatch insert: the new rows in the batch's window. */
export const insertBatchSql = (target: string, source: string, batch: BatchWindow, columns: string[]): string =>
  `insert into ${target} (${columnList(columns)})\nselect ${columnList(columns)}\nfrom ${source}\nwhere ${inBatch(batch)}`;

/** Without columns, inserts every column of the source by name. */
export function insertFromRelationSql(target: string, source: string, columns: string[]): string {
  if (columns.length === 0) return `insert into ${target} by name select * from ${source}`;
  return `insert into ${target} (${columnList(columns)}) select ${columnList(columns)} from ${source}`;
}

export const addColumnSql = (relation: string, name: string, dataType: string): string =>
  `alter table ${relation} add column ${quote(name)} ${dataType}`;

export const dropColumnSql = (relation: string, name: string): string => `alter table ${relation} drop column ${quote(name)}`;

export const alterColumnTypeSql = (relation: string, name: string, dataType: string): string =>
  `alter table ${relation} alter column ${quote(name)} set data type ${dataType}`;
