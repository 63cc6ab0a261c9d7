/**
 * Snapshots: SCD type 2 history with dbt's meta columns (`dbt_scd_id`, `dbt_updated_at`,
 * `dbt_valid_from`, `dbt_valid_to`, and `dbt_is_deleted` for `hard_deletes: new_record`).
 * The first run creates the table from the select; later runs stage the source rows, compute the
 * changes (new keys, new versions, closed versions, hard deletes), and apply them: the adapter's
 * own way where it has one (Snowflake: one MERGE), else through a changes table and one transaction.
 */
import { DailiesError } from '../errors.js';
import type { ManifestNode } from '../graph/types.js';
import type { ColumnMeta, Relation, SnapshotUpdate } from '../warehouse/adapter.js';
import type { RunContext } from './context.js';
import { dropLeftover, dropQuietly, field, publishTable, relationOf, siblingRelation, TEMP_SUFFIX } from './context.js';
import { sqlHeader } from './materializations/write-options.js';
import type { NodeOutcome } from './types.js';

export interface SnapshotSettings {
  strategy: 'timestamp' | 'check';
  uniqueKey: string[];
  updatedAt: string | null;
  checkCols: string[] | 'all';
  hardDeletes: 'ignore' | 'invalidate' | 'new_record';
  /** The meta columns' names (`snapshot_meta_column_names`), as written (dbt renders them unquoted). */
  names: MetaNames;
  /** `dbt_valid_to_current`: the SQL value of dbt_valid_to for current rows (null: NULL). */
  validToCurrent: string | null;
}

export interface MetaNames {
  dbt_scd_id: string;
  dbt_updated_at: string;
  dbt_valid_from: string;
  dbt_valid_to: string;
  dbt_is_deleted: string;
}

const META_KEYS = ['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to', 'dbt_is_deleted'] as const;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** `snapshot_meta_column_names`, each unset name dbt's own; a bad key or name is an error with the snapshot's place. */
function metaNames(node: ManifestNode, fail: (message: string, hint: string) => never): MetaNames {
  const raw = node.config.snapshot_meta_column_names ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) fail(`snapshot_meta_column_names must be a mapping, not ${JSON.stringify(raw)}`, `map some of ${META_KEYS.join(', ')} to column names`);
  const names = Object.fromEntries(META_KEYS.map((key) => [key, key])) as unknown as MetaNames;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(META_KEYS as readonly string[]).includes(key)) fail(`unknown key '${key}' in snapshot_meta_column_names`, `the keys are ${META_KEYS.join(', ')}`);
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string' || !IDENTIFIER.test(value)) fail(`snapshot_meta_column_names.${key} must be a column name, not ${JSON.stringify(value)}`, 'use a plain identifier (letters, digits, underscores)');
    names[key as keyof MetaNames] = value;
  }
  const chosen = Object.values(names).map((name) => name.toLowerCase());
  if (new Set(chosen).size !== chosen.length) fail('snapshot_meta_column_names gives two meta columns the same name', 'give each meta column its own name');
  return names;
}

export function snapshotSettings(node: ManifestNode): SnapshotSettings {
  const config = node.config;
  const fail = (message: string, hint: string): never => {
    throw new DailiesError('config', `snapshot '${node.name}': ${message}`, { place: node.dailies.place, hint });
  };
  const strategy = String(config.strategy ?? '').toLowerCase();
  if (strategy !== 'timestamp' && strategy !== 'check') {
    // dbt would look for a macro snapshot_<name>_strategy (strategy_dispatch): dailies does not run those yet
    fail(
      `unknown strategy '${config.strategy ?? ''}': dailies runs the timestamp and check strategies, not a custom snapshot_${strategy || '<name>'}_strategy macro (yet)`,
      "set strategy: 'timestamp' (with updated_at) or 'check' (with check_cols)",
    );
  }
  const rawKey = config.unique_key;
  const uniqueKey = (Array.isArray(rawKey) ? rawKey : rawKey ? [rawKey] : []).map(String);
  if (uniqueKey.length === 0) fail('no unique_key', 'set unique_key to a column (or a list of columns) identifying a record');
  if (strategy === 'timestamp' && !config.updated_at) fail("the timestamp strategy needs 'updated_at'", 'set updated_at to the column holding when the row last changed');
  const checkCols = config.check_cols;
  if (strategy === 'check' && !(checkCols === 'all' || (Array.isArray(checkCols) && checkCols.length > 0))) {
    fail("the check strategy needs 'check_cols'", "set check_cols to a list of columns, or 'all'");
  }
  const hardDeletes = config.hard_deletes ?? (config.invalidate_hard_deletes ? 'invalidate' : 'ignore');
  if (!['ignore', 'invalidate', 'new_record'].includes(hardDeletes)) fail(`unknown hard_deletes '${hardDeletes}'`, "use 'ignore', 'invalidate' or 'new_record'");
  const current = config.dbt_valid_to_current;
  if (current !== undefined && current !== null && (typeof current !== 'string' || current.trim() === '')) {
    fail(`dbt_valid_to_current must be a SQL expression, not ${JSON.stringify(current)}`, `write e.g. dbt_valid_to_current: "to_date('9999-12-31')"`);
  }
  return {
    names: metaNames(node, fail),
    validToCurrent: typeof current === 'string' ? current.trim() : null,
    strategy: strategy as SnapshotSettings['strategy'],
    uniqueKey,
    updatedAt: config.updated_at ?? null,
    checkCols: checkCols === 'all' ? 'all' : ((checkCols ?? []) as string[]),
    hardDeletes: hardDeletes as SnapshotSettings['hardDeletes'],
  };
}

export async function runSnapshot(context: RunContext, node: ManifestNode, sql: string): Promise<NodeOutcome> {
  const { adapter } = context;
  const settings = snapshotSettings(node);
  const target = relationOf(node);
  const relationName = adapter.renderRelation(target);
  const existing = await context.lookupRelation(target);
  if (!existing) {
    await createSnapshotTable(context, target, sql, settings, sqlHeader(node));
    return { status: 'success', message: 'OK', relationName };
  }
  const inserted = await updateSnapshot(context, node, target, sql, settings);
  return { status: 'success', message: `INSERT ${inserted}`, relationName, rowsAffected: inserted };
}

/** `alias.valid_to` marks a current row: NULL, or dbt_valid_to_current's value (rows written before it was set stay NULL). */
function currentCondition(settings: SnapshotSettings): (qualifier: string) => string {
  const validTo = settings.names.dbt_valid_to;
  return (qualifier) => (settings.validToCurrent ? `(${qualifier}.${validTo} = ${settings.validToCurrent} or ${qualifier}.${validTo} is null)` : `${qualifier}.${validTo} is null`);
}

async function createSnapshotTable(context: RunContext, target: Relation, sql: string, settings: SnapshotSettings, header: string | undefined): Promise<void> {
  const { adapter } = context;
  const names = settings.names;
  const updatedAt = settings.strategy === 'timestamp' ? settings.updatedAt! : adapter.currentTimestamp();
  const validTo = settings.validToCurrent ? `coalesce(nullif(${updatedAt}, ${updatedAt}), ${settings.validToCurrent})` : `nullif(${updatedAt}, ${updatedAt})`;
  const select = [
    'select sbq.*',
    `  ${scdIdExpression([...settings.uniqueKey, updatedAt])} as ${names.dbt_scd_id}`,
    `  ${updatedAt} as ${names.dbt_updated_at}`,
    `  ${updatedAt} as ${names.dbt_valid_from}`,
    `  ${validTo} as ${names.dbt_valid_to}`,
    ...(settings.hardDeletes === 'new_record' ? [`  'False' as ${names.dbt_is_deleted}`] : []),
  ].join(',\n');
  const staged = siblingRelation(target, TEMP_SUFFIX);
  await dropLeftover(context, staged);
  try {
    await adapter.createTableAs(staged, `${select}\nfrom (\n${sql}\n) sbq`, header ? { sqlHeader: header } : {});
    await publishTable(context, target, staged);
  } catch (error) {
    await dropQuietly(adapter, staged);
    throw error;
  }
}

/** Applies one snapshot run to an existing snapshot table; returns the number of rows inserted. */
async function updateSnapshot(context: RunContext, node: ManifestNode, target: Relation, sql: string, settings: SnapshotSettings): Promise<number> {
  const { adapter } = context;
  const q = (name: string): string => adapter.quoteIdentifier(name);
  const names = settings.names;
  /** Meta column (by dbt's key) of a lower-cased column name, or undefined. */
  const metaOf = (column: string): keyof MetaNames | undefined => META_KEYS.find((key) => names[key].toLowerCase() === column);
  const isCurrent = currentCondition(settings);
  let targetColumns = await adapter.getColumns(target);
  const typeOf = (name: string): string => targetColumns.find((column) => column.name.toLowerCase() === name.toLowerCase())?.dataType ?? 'TIMESTAMP';
  const snapshotTime = `cast(${adapter.currentTimestamp()} as ${typeOf(names.dbt_valid_from)})`;
  const updatedAt = settings.strategy === 'timestamp' ? settings.updatedAt! : snapshotTime;
  const keyAliases = settings.uniqueKey.map((_, index) => `dbt_unique_key_${index + 1}`);
  const staged = siblingRelation(target, '__dailies_snapshot_src');
  const stageSql =
    [
      'select sbq.*',
      ...settings.uniqueKey.map((key, index) => `  ${key} as ${keyAliases[index]}`),
      `  ${updatedAt} as ${names.dbt_updated_at}`,
      `  ${updatedAt} as ${names.dbt_valid_from}`,
      `  ${scdIdExpression([...settings.uniqueKey, updatedAt])} as ${names.dbt_scd_id}`,
    ].join(',\n') + `\nfrom (\n${sql}\n) sbq`;

  const plan: SnapshotUpdate['plan'] = async ({ columns, duplicateKeys }) => {
    refuseDuplicateKeys(node, duplicateKeys);
    const internal = new Set([...keyAliases, names.dbt_updated_at, names.dbt_valid_from, names.dbt_scd_id].map((name) => name.toLowerCase()));
    const sourceColumns = columns.filter((column) => !internal.has(column.name.toLowerCase()));

    // New source columns (and dbt_is_deleted for new_record) are added to the snapshot table.
    const known = new Set(targetColumns.map((column) => column.name.toLowerCase()));
    const missing: ColumnMeta[] = sourceColumns.filter((column) => !known.has(column.name.toLowerCase()));
    if (settings.hardDeletes === 'new_record' && !known.has(names.dbt_is_deleted.toLowerCase())) missing.push({ name: names.dbt_is_deleted, dataType: adapter.seedType('text'), nullable: true });
    if (missing.length > 0) {
      await adapter.addColumns(target, missing);
      targetColumns = await adapter.getColumns(target);
    }
    const hasDeletedFlag = targetColumns.some((column) => column.name.toLowerCase() === names.dbt_is_deleted.toLowerCase());
    const sourceNames = new Set(sourceColumns.map((column) => column.name.toLowerCase()));

    const keysMatch = keyAliases.map((alias) => `src.${alias} = cur.${alias}`).join(' and ');
    const isDeletedRecord = hasDeletedFlag ? `coalesce(cur.${names.dbt_is_deleted}, 'False') = 'True'` : 'false';
    const checkColumns = settings.checkCols === 'all' ? sourceColumns.map((column) => q(column.name)) : settings.checkCols;
    const changed =
      settings.strategy === 'timestamp'
        ? `cur.${names.dbt_valid_from} < src.${names.dbt_updated_at}`
        : checkColumns.map((column) => `cur.${column} <> src.${column} or (cur.${column} is null) <> (src.${column} is null)`).join(' or ');
    const rowChanged = `((${changed}) or ${isDeletedRecord})`;

    /** One select list over every target column; `pick` gives an expression or null (→ typed NULL). */
    const selectList = (changeType: string, pick: (name: string) => string | null): string =>
      [`'${changeType}' as dbt_change_type`, ...targetColumns.map((column) => `${pick(column.name.toLowerCase()) ?? `cast(null as ${column.dataType})`} as ${q(column.name)}`)].join(', ');
    const fromSource = (column: string): string | null => {
      const found = targetColumns.find((c) => c.name.toLowerCase() === column)!;
      return sourceNames.has(column) ? `src.${q(found.name)}` : null;
    };
    const closing = (validTo: string) => (column: string): string | null => {
      const meta = metaOf(column);
      return meta === 'dbt_scd_id' ? `cur.${names.dbt_scd_id}` : meta === 'dbt_valid_to' ? validTo : null;
    };
    // a new version's dbt_valid_to: dbt_valid_to_current's value, else NULL
    const currentValidTo = settings.validToCurrent ? `cast(${settings.validToCurrent} as ${typeOf(names.dbt_valid_to)})` : null;

    const source = adapter.renderRelation(staged);
    const branches = [
      `select ${selectList('insert', (column) => {
        const meta = metaOf(column);
        if (meta === 'dbt_valid_to') return currentValidTo;
        if (meta === 'dbt_is_deleted') return `'False'`;
        return meta ? `src.${names[meta]}` : fromSource(column);
      })}\nfrom ${source} src left join current_rows cur on ${keysMatch}\nwhere cur.${keyAliases[0]} is null or ${rowChanged}`,
      `select ${selectList('update', closing(`src.${names.dbt_updated_at}`))}\nfrom ${source} src join current_rows cur on ${keysMatch}\nwhere ${rowChanged}`,
    ];
    if (settings.hardDeletes !== 'ignore') {
      const vanished = `from current_rows cur left join ${source} src on ${keysMatch}\nwhere src.${keyAliases[0]} is null and not ${isDeletedRecord}`;
      branches.push(`select ${selectList('delete', closing(snapshotTime))}\n${vanished}`);
      if (settings.hardDeletes === 'new_record') {
        const deletionRecord = (column: string): string | null => {
          const meta = metaOf(column);
          if (meta === 'dbt_scd_id') return scdIdExpression([...keyAliases.map((alias) => `cur.${alias}`), snapshotTime]);
          if (meta === 'dbt_updated_at' || meta === 'dbt_valid_from') return snapshotTime;
          // dbt keeps the current row's dbt_valid_to (NULL, or dbt_valid_to_current's value)
          if (meta === 'dbt_valid_to') return `cur.${names.dbt_valid_to}`;
          if (meta === 'dbt_is_deleted') return `'True'`;
          return `cur.${q(targetColumns.find((c) => c.name.toLowerCase() === column)!.name)}`;
        };
        branches.push(`select ${selectList('insert', deletionRecord)}\n${vanished}`);
      }
    }
    const keyColumns = settings.uniqueKey.map((key, index) => `${key} as ${keyAliases[index]}`).join(', ');
    const currentRows = `select snap.*, ${keyColumns} from ${adapter.renderRelation(target)} snap where ${isCurrent('snap')}`;
    return { changesSql: `with current_rows as (\n${currentRows}\n)\n${branches.join('\nunion all\n')}`, columns: targetColumns.map((column) => column.name) };
  };

  const header = sqlHeader(node);
  const update: SnapshotUpdate = { target, staged, stageSql, keyColumns: keyAliases, scdIdColumn: names.dbt_scd_id, validToColumn: names.dbt_valid_to, isCurrent, plan, ...(header ? { sqlHeader: header } : {}) };
  return adapter.applySnapshot ? adapter.applySnapshot(update) : applySnapshotByTables(context, update);
}

/**
 * The portable way to apply a snapshot update: the staged rows and the changes as tables, then
 * the closing UPDATE and the INSERT in one transaction, and the two tables dropped.
 */
async function applySnapshotByTables(context: RunContext, update: SnapshotUpdate): Promise<number> {
  const { adapter } = context;
  const q = (name: string): string => adapter.quoteIdentifier(name);
  const { target, staged } = update;
  const changes = siblingRelation(target, '__dailies_snapshot_changes');
  await dropLeftover(context, staged);
  await dropLeftover(context, changes);
  try {
    await adapter.createTableAs(staged, update.stageSql, update.sqlHeader ? { sqlHeader: update.sqlHeader } : {});
    const keys = update.keyColumns.join(', ');
    const duplicates = await adapter.execute(
      `select count(*) as n from (select ${keys} from ${adapter.renderRelation(staged)} group by ${keys} having count(*) > 1) dbt_duplicate_keys`,
    );
    const { changesSql, columns } = await update.plan({ columns: await adapter.getColumns(staged), duplicateKeys: Number(field(duplicates.rows[0], 'n') ?? 0) });
    await adapter.createTableAs(changes, changesSql);

    const table = adapter.renderRelation(target);
    const changesTable = adapter.renderRelation(changes);
    const self = q(adapter.normalizeIdentifier(target.identifier));
    const columnList = columns.map(q).join(', ');
    const [scdId, validTo] = [update.scdIdColumn, update.validToColumn];
    return await adapter.transaction(async (tx) => {
      await tx.execute(
        `update ${table} set ${validTo} = (select ch.${validTo} from ${changesTable} ch where ch.dbt_change_type in ('update', 'delete') and ch.${scdId} = ${self}.${scdId})` +
          ` where ${update.isCurrent(self)} and ${scdId} in (select ${scdId} from ${changesTable} where dbt_change_type in ('update', 'delete'))`,
      );
      const before = await tx.execute(`select count(*) as n from ${changesTable} where dbt_change_type = 'insert'`);
      await tx.execute(`insert into ${table} (${columnList}) select ${columnList} from ${changesTable} where dbt_change_type = 'insert'`);
      return Number(field(before.rows[0], 'n') ?? 0);
    });
  } finally {
    await dropQuietly(adapter, staged);
    await dropQuietly(adapter, changes);
  }
}

/** Two source rows with one key would corrupt the history: refuse, as dbt's docs advise checking. */
function refuseDuplicateKeys(node: ManifestNode, duplicated: number): void {
  if (duplicated > 0) {
    throw new DailiesError('config', `snapshot '${node.name}': ${duplicated} value${duplicated === 1 ? '' : 's'} of unique_key (${node.config.unique_key}) appear more than once in the snapshot query`, {
      place: node.dailies.place,
      hint: 'make unique_key identify one row of the query (a list of columns for a composite key), or deduplicate the query',
    });
  }
}

/**
 * dbt's `snapshot_hash_arguments`: md5 of the arguments cast to text, NULLs as '' and joined by
 * '|', so a snapshot table begun by dbt keeps matching ids when dailies continues it.
 * (`md5`, `coalesce`, `cast … as varchar` and `||` mean the same on DuckDB and Snowflake.)
 */
function scdIdExpression(expressions: string[]): string {
  return `md5(${expressions.map((expression) => `coalesce(cast(${expression} as varchar), '')`).join(" || '|' || ")})`;
}
