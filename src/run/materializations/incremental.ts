/**
 * `incremental`: the first run, `--full-refresh` and `full_refresh: true` build like a table;
 * later runs build the new rows into a temp table, reconcile the schema, then apply the strategy
 * (append / merge / delete+insert) and drop the temp — or, where the adapter writes straight from
 * the query and the columns are left alone, write in one or two statements.
 */
import { DailiesError } from '../../errors.js';
import type { ManifestNode } from '../../graph/types.js';
import type { ColumnMeta, Relation, WriteOptions } from '../../warehouse/adapter.js';
import type { RunContext } from '../context.js';
import { TEMP_SUFFIX, dropLeftover, dropQuietly, field, relationOf, siblingRelation } from '../context.js';
import type { NodeOutcome } from '../types.js';
import { checkContract, isContractEnforced } from './contract.js';
import { compareColumns, isSchemaUnchanged, reconcileSchema, schemaChangedError } from './schema-change.js';
import { buildTableAtomically } from './table.js';
import { writeOptions } from './write-options.js';
import { strategyMacroName } from '../../compiler/strategy-macros.js';
import { validStrategies } from '../../compiler/adapter-globals.js';

/** Whether this run rebuilds the model from scratch: `full_refresh` config wins over the flag. */
export function wantsFullRefresh(node: ManifestNode, flag: boolean | undefined): boolean {
  const configured = node.config.full_refresh;
  if (configured === true || configured === false) return configured;
  return flag === true;
}

/** True when the incremental path applies (the table exists and no full refresh is asked for). */
export async function incrementalApplies(context: RunContext, node: ManifestNode): Promise<boolean> {
  if (wantsFullRefresh(node, context.options.fullRefresh)) return false;
  const existing = await context.lookupRelation(relationOf(node));
  return existing !== null && existing.type === 'table';
}

export function uniqueKeyColumns(node: ManifestNode): string[] {
  const key = node.config.unique_key;
  if (key === null || key === undefined || key === '') return [];
  return (Array.isArray(key) ? key : [key]).map(String).filter((column) => column.trim() !== '');
}

export async function materializeIncremental(context: RunContext, node: ManifestNode, sql: string, isIncremental: boolean): Promise<NodeOutcome> {
  const { adapter } = context;
  const target = relationOf(node);
  const relationName = adapter.renderRelation(target);
  if (!isIncremental) {
    await buildTableAtomically(context, node, target, sql);
    return { status: 'success', message: 'OK', relationName };
  }

  const keys = uniqueKeyColumns(node);
  const strategy = (node.config.incremental_strategy ?? (keys.length > 0 ? 'merge' : 'append')).toLowerCase();
  // dbt's lookup: a project's (or package's) get_incremental_<strategy>_sql is the strategy, even for a built-in name
  const strategyMacro = context.compiler.strategyMacro(strategy);
  if (strategyMacro) return writeWithStrategyMacro(context, node, target, sql, strategyMacro);
  if ((strategy === 'merge' || strategy === 'delete+insert') && keys.length === 0) {
    throw new DailiesError('config', `incremental strategy '${strategy}' of model '${node.name}' needs a unique_key`, {
      place: node.dailies.place,
      hint: "set unique_key (a column or a list of columns), or use incremental_strategy: 'append'",
    });
  }
  if (strategy === 'insert_overwrite' && !adapter.insertOverwrite) {
    // dbt-duckdb's refusal (its valid_incremental_strategies lack insert_overwrite)
    throw new DailiesError('config', `The incremental strategy 'insert_overwrite' is not valid for this adapter (model '${node.name}')`, {
      place: node.dailies.place,
      hint: `use one of ${validStrategies(adapter.type).map((known) => `'${known}'`).join(', ')}, or define {% macro get_incremental_insert_overwrite_sql(arg_dict) %} (dbt's custom strategy)`,
    });
  }
  if (!['append', 'merge', 'delete+insert', 'insert_overwrite'].includes(strategy)) {
    throw new DailiesError('config', `incremental_strategy '${strategy}' of model '${node.name}' is not one dailies runs: no macro ${strategyMacroName(strategy)} in the project or its packages`, {
      place: node.dailies.place,
      hint: `use one of ${validStrategies(adapter.type).map((known) => `'${known}'`).join(', ')}, or define {% macro ${strategyMacroName(strategy)}(arg_dict) %} returning the SQL that writes the staged rows (dbt's custom strategy)`,
    });
  }

  const options = writeOptions(node);
  const direct = strategy === 'insert_overwrite' ? null : await writeFromQuery(context, node, target, sql, strategy, keys, options);
  if (direct) return { status: 'success', message: 'OK', relationName, ...(direct.rowsAffected === undefined ? {} : { rowsAffected: direct.rowsAffected }) };

  return withStagedRows(context, node, target, sql, options.sqlHeader, async (staged, columns) => {
    const quoted = columns.map((column) => adapter.quoteIdentifier(column)).join(', ');
    let written: number | undefined;
    if (strategy === 'append') {
      written = await adapter.insertInto(target, `select ${quoted} from ${adapter.renderRelation(staged)}`, columns);
    } else if (strategy === 'insert_overwrite') {
      // dbt-snowflake's: the whole table replaced by the new rows in one statement
      written = await adapter.insertOverwrite!(target, staged, columns, options);
    } else if (strategy === 'merge') {
      const keySet = new Set(keys.map((key) => key.toLowerCase()));
      const updateColumns = mergeUpdateColumns(node, columns).filter((column) => !keySet.has(column.toLowerCase()));
      written = await adapter.mergeInto(target, staged, keys, columns, updateColumns, options);
    } else {
      written = await adapter.deleteInsert(target, staged, keys, columns, options);
    }
    // the rows the statement wrote, as the warehouse reports them (a round trip less than counting)
    const rowsAffected = written ?? Number(field((await adapter.execute(`select count(*) as n from ${adapter.renderRelation(staged)}`)).rows[0], 'n') ?? 0);
    return { status: 'success', message: 'OK', relationName, rowsAffected };
  });
}

/**
 * The query's rows in a table staged beside `target` (an enforced contract checked first, the
 * target's columns reconciled by `on_schema_change`), handed to `write` with the columns to write;
 * the staged table is dropped afterwards, whatever `write` did.
 */
export async function withStagedRows<T>(
  context: RunContext,
  node: ManifestNode,
  target: Relation,
  sql: string,
  sqlHeader: string | undefined,
  write: (staged: Relation, columns: string[]) => Promise<T>,
): Promise<T> {
  const { adapter } = context;
  const staged = siblingRelation(target, TEMP_SUFFIX);
  await dropLeftover(context, staged);
  try {
    if (isContractEnforced(node)) await checkContract(adapter, node, target, sql);
    await adapter.createTableAs(staged, sql, sqlHeader ? { sqlHeader } : {});
    return await write(staged, await reconcileSchema(adapter, node, target, staged));
  } finally {
    await dropQuietly(adapter, staged);
  }
}

/** The staged table's column metadata for `columns` (what a strategy macro's arg_dict carries). */
export async function stagedColumnMetas(adapter: RunContext['adapter'], staged: Relation, columns: string[]): Promise<ColumnMeta[]> {
  const names = new Set(columns.map((name) => name.toLowerCase()));
  return (await adapter.getColumns(staged)).filter((column) => names.has(column.name.toLowerCase()));
}

/**
 * Where the adapter can (`mergeFromQuery`, `deleteInsertFromQuery`: Snowflake), a merge or append
 * writes straight from the query into the target in one statement, and a delete+insert in two (a
 * session-local stage, one atomic MERGE), no staged table. An enforced contract is checked against
 * the query's described columns (the same description the schema comparison reads). With
 * `on_schema_change: ignore` it writes the target's columns, and a query lacking one of them falls
 * back to the staged path (which writes the common ones). Other modes first read the query's
 * columns (`describeQuery`): unchanged, it writes them; changed, `fail` fails as the staged path
 * would, and the others take the staged path to alter the table. Null: take the staged path.
 */
async function writeFromQuery(context: RunContext, node: ManifestNode, target: Relation, sql: string, strategy: string, keys: string[], options: WriteOptions): Promise<{ rowsAffected: number | undefined } | null> {
  const { adapter } = context;
  const direct = strategy === 'delete+insert' ? adapter.deleteInsertFromQuery : adapter.mergeFromQuery;
  if (!direct) return null;
  const existing = await adapter.getColumns(target);
  if (existing.length === 0) return null;
  let columns = existing.map((column) => column.name);
  const mode = (node.config.on_schema_change ?? 'ignore').toLowerCase();
  const enforced = isContractEnforced(node);
  if (mode !== 'ignore' || enforced) {
    if (!adapter.describeQuery || !['ignore', 'fail', 'append_new_columns', 'sync_all_columns'].includes(mode)) return null;
    // one description serves the contract check and the schema comparison
    const incoming = await adapter.describeQuery(sql, options.sqlHeader ? { sqlHeader: options.sqlHeader } : {});
    if (enforced) await checkContract(adapter, node, target, sql, incoming);
    if (mode !== 'ignore') {
      const diff = compareColumns(adapter, existing, incoming);
      if (!isSchemaUnchanged(diff)) {
        if (mode === 'fail') throw schemaChangedError(node, diff);
        return null;
      }
      columns = incoming.map((column) => column.name);
    }
  }
  if (strategy === 'delete+insert') return adapter.deleteInsertFromQuery!(target, siblingRelation(target, DIRECT_SUFFIX), sql, keys, columns, options);
  const keySet = new Set(keys.map((key) => key.toLowerCase()));
  const updateColumns = strategy === 'merge' ? mergeUpdateColumns(node, columns).filter((column) => !keySet.has(column.toLowerCase())) : [];
  // append ignores incremental_predicates, as dbt's does
  return adapter.mergeFromQuery!(target, sql, strategy === 'merge' ? keys : [], columns, updateColumns, strategy === 'merge' ? options : { ...options, predicates: [] });
}

/**
 * A strategy written as a macro (dbt's custom strategy): stage the new rows, reconcile the schema
 * (`on_schema_change`), then run the SQL the macro renders from dbt's arg_dict.
 */
async function writeWithStrategyMacro(context: RunContext, node: ManifestNode, target: Relation, sql: string, macroName: string): Promise<NodeOutcome> {
  const { adapter } = context;
  return withStagedRows(context, node, target, sql, undefined, async (staged, names) => {
    const columns = await stagedColumnMetas(adapter, staged, names);
    const statement = await context.compiler.renderStrategy(node.unique_id, macroName, { target, temp: staged, columns }, { isIncremental: true, adapter });
    await adapter.execute(statement);
    const rowsAffected = Number(field((await adapter.execute(`select count(*) as n from ${adapter.renderRelation(staged)}`)).rows[0], 'n') ?? 0);
    return { status: 'success', message: 'OK', relationName: adapter.renderRelation(target), rowsAffected };
  });
}

/** The session-local table a direct delete+insert stages its rows in (not the staged path's table). */
const DIRECT_SUFFIX = '__dailies_rows';

/** `merge_update_columns` / `merge_exclude_columns`, as dbt reads them. */
function mergeUpdateColumns(node: ManifestNode, columns: string[]): string[] {
  const only = node.config.merge_update_columns;
  const exclude = node.config.merge_exclude_columns;
  if (Array.isArray(only)) {
    const wanted = new Set(only.map((column) => String(column).toLowerCase()));
    return columns.filter((column) => wanted.has(column.toLowerCase()));
  }
  if (Array.isArray(exclude)) {
    const unwanted = new Set(exclude.map((column) => String(column).toLowerCase()));
    return columns.filter((column) => !unwanted.has(column.toLowerCase()));
  }
  return columns;
}
