/**
 * `loadLandingZone`: loads every new landing-zone file into its RAW table exactly once.
 *
 * Each file gets ONE transaction: take the next load id, create the RAW table if missing, bulk-load
 * the CSV through the adapter (every row gets the load id), write the ledger row. A file already in
 * the ledger with the same fingerprint and size is skipped; a changed one is refused unless
 * `force`, which deletes the rows of its previous load id and loads it again under a new one, in
 * the same transaction. The first failing file stops the run; files loaded before it stay loaded,
 * nothing of the failing file is committed. A warehouse that reads S3 itself (`Adapter.stageLoader`;
 * Snowflake: COPY INTO from an external stage) loads an s3:// zone's objects there, with the same
 * ledger and transaction per file (load-staged.ts); otherwise each object is downloaded first.
 * RAW columns are VARCHAR unless `columnTypes` declares their type (checked against existing tables
 * before anything loads). One load at a time per RAW schema: load ids are `max + 1` (see ledger.ts).
 */
import { performance } from 'node:perf_hooks';
import { DailiesError } from '../errors.js';
import { CsvSlowPathNeeded, CsvValueError, type Adapter, type Relation } from '../warehouse/adapter.js';
import { readCsvHeader } from './csv-header.js';
import type { FetchedObject, LandingObject, LandingZone, S3Options } from './landing-zone.js';
import { LEDGER_TABLE, ensureLedger, forgetLoad, nextLoadId, readLedger, recordLoad, sqlTimestamp, type LedgerEntry } from './ledger.js';
import type { LoadFileEvent, LoadReport } from './load-report.js';
import { summarizeLoad } from './load-report.js';
import { placeAtObject } from './load-errors.js';
import { loadStaged } from './load-staged.js';
import { openLandingZone } from './open-zone.js';
import { S3LandingZone } from './s3-zone.js';
import { LOADED_AT_COLUMN, LOAD_ID_COLUMN, createRawTable, existingRawColumns, rawRelation } from './raw-table.js';
import {
  checkFileHeader,
  checkExistingTypes,
  resolveColumnTypes,
  typesOf,
  valueError,
  warehouseTypes,
  type RawColumnTypes,
  type TableColumnTypes,
} from './typed-columns.js';

export interface LoadOptions {
  adapter: Adapter;
  /** A local folder or `s3://bucket/prefix`, laid out as `<table>/<file>.csv`. */
  zone: string;
  /** Default `raw`. */
  schema?: string;
  /** Reload objects that changed since they were loaded (their old rows are deleted first). */
  force?: boolean;
  s3?: S3Options;
  /**
   * Types of RAW columns, by table (lower case) and exact CSV column name; every other column is
   * VARCHAR. `dailies load` takes them from the project's sources (see `rawColumnTypes`).
   */
  columnTypes?: RawColumnTypes;
  /** Called after each file is loaded, reloaded, skipped or ignored. */
  onFile?: (event: LoadFileEvent) => void;
}

interface PlannedFile {
  object: LandingObject;
  table: string;
  previous: LedgerEntry | null;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function loadLandingZone(options: LoadOptions): Promise<LoadReport> {
  const started = performance.now();
  const { adapter } = options;
  const schema = options.schema ?? 'raw';
  const zone = openLandingZone(options.zone, options.s3);
  const events: LoadFileEvent[] = [];
  const emit = (event: LoadFileEvent) => {
    events.push(event);
    options.onFile?.(event);
  };
  try {
    const objects = await zone.list();
    const ledgerTable = await ensureLedger(adapter, schema);
    const ledger = await readLedger(adapter, ledgerTable);
    const plan = await planLoads(zone, objects, ledger, options.force === true, emit);

    const tables = [...new Set(plan.map((file) => file.table))];
    const typesByTable = await resolveColumnTypes(adapter, options.columnTypes, tables);
    // Existing tables must have this version's layout and the declared types before any file loads.
    const columnsByTable = new Map<string, string[] | null>();
    for (const table of tables) {
      const existing = await existingRawColumns(adapter, rawRelation(adapter, schema, table), `${schema}.${table}`);
      if (existing) checkExistingTypes(adapter, existing, typesOf(typesByTable, table), `${schema}.${table}`);
      columnsByTable.set(table, existing ? existing.map((column) => column.name) : null);
    }
    const target: LoadTarget = { adapter, schema, ledgerTable, columnsByTable, typesByTable };
    const loaded = (file: PlannedFile, fileStarted: number, { rows, loadId }: { rows: number; loadId: number }) =>
      emit({
        status: file.previous ? 'reloaded' : 'loaded',
        key: file.object.key,
        table: file.table,
        loadId,
        rows,
        bytes: file.object.size,
        seconds: (performance.now() - fileStarted) / 1000,
      });
    // A warehouse that reads S3 itself (Snowflake: COPY INTO from a stage) loads each object there.
    const loader = plan.length > 0 && zone instanceof S3LandingZone && adapter.stageLoader ? await adapter.stageLoader(zone.location, schema) : null;
    if (loader) {
      try {
        for (const file of plan) {
          const fileStarted = performance.now();
          loaded(file, fileStarted, await loadStaged(zone as S3LandingZone, loader, file, target));
        }
      } finally {
        await loader.close();
      }
      return summarizeLoad(zone.location, schema, events, (performance.now() - started) / 1000);
    }
    // The next object downloads while the current one loads (S3; a local fetch is immediate).
    let next: Promise<FetchedObject> | null = null;
    try {
      for (let index = 0; index < plan.length; index++) {
        const file = plan[index] as PlannedFile;
        const fileStarted = performance.now();
        const fetching = next ?? zone.fetchToFile(file.object);
        const following = plan[index + 1];
        next = following ? zone.fetchToFile(following.object) : null;
        next?.catch(() => undefined);
        loaded(file, fileStarted, await loadFetched(zone, file, await fetching, target));
      }
    } finally {
      if (next) await next.then((fetched) => fetched.release()).catch(() => undefined);
    }
  } finally {
    await zone.close();
  }
  return summarizeLoad(zone.location, schema, events, (performance.now() - started) / 1000);
}

/** Decides what to do with each object; refuses changed objects (all at once) unless forced. */
async function planLoads(
  zone: LandingZone,
  objects: LandingObject[],
  ledger: Map<string, LedgerEntry>,
  force: boolean,
  emit: (event: LoadFileEvent) => void,
): Promise<PlannedFile[]> {
  const plan: PlannedFile[] = [];
  const changed: { object: LandingObject; previous: LedgerEntry }[] = [];
  for (const object of objects) {
    const parts = object.relativeKey.split('/');
    const ignore = (reason: string) => emit({ status: 'ignored', key: object.key, table: null, rows: 0, bytes: object.size, seconds: 0, reason });
    if (!/\.csv$/i.test(object.relativeKey)) {
      ignore('not a .csv file');
      continue;
    }
    if (parts.length !== 2) {
      ignore('not in a <table>/ folder directly below the landing zone');
      continue;
    }
    const table = parts[0] as string;
    if (!TABLE_NAME.test(table) || table.toLowerCase() === LEDGER_TABLE) {
      throw new DailiesError('load', `cannot load ${object.displayName}: folder name '${table}' is not a valid RAW table name`, {
        place: { file: object.displayName },
        hint: `name landing-zone folders after their RAW table: letters, digits and underscores, not starting with a digit, and not ${LEDGER_TABLE}`,
      });
    }
    const previous = ledger.get(object.key) ?? null;
    if (!previous) plan.push({ object, table, previous: null });
    else if (previous.sizeBytes === object.size && previous.etag === (await zone.fingerprint(object))) {
      emit({ status: 'skipped', key: object.key, table, loadId: previous.loadId, rows: 0, bytes: object.size, seconds: 0, reason: 'already loaded' });
    } else if (force) plan.push({ object, table, previous });
    else changed.push({ object, previous });
  }
  if (changed.length > 0) {
    const first = changed[0] as { object: LandingObject; previous: LedgerEntry };
    const list = changed.map(
      ({ object, previous }) =>
        `${object.displayName} (loaded as ${previous.sizeBytes} bytes, fingerprint ${previous.etag}; now ${object.size} bytes${object.etag ? `, fingerprint ${object.etag}` : ''})`,
    );
    throw new DailiesError('load', `${changed.length} landing-zone file(s) changed since they were loaded; nothing was loaded: ${list.join('; ')}`, {
      place: { file: first.object.displayName },
      hint: 'landing-zone files are immutable: write new data as a new file. To replace a file\'s rows on purpose, run the load with --force (its previously loaded rows are deleted and it is loaded again)',
    });
  }
  return plan;
}

interface LoadTarget {
  adapter: Adapter;
  schema: string;
  ledgerTable: Relation;
  /** Data columns of each RAW table (null: not created yet), kept up to date as files load. */
  columnsByTable: Map<string, string[] | null>;
  /** Declared column types of each RAW table (none: every column VARCHAR). */
  typesByTable: Map<string, TableColumnTypes>;
}

/**
 * Loads one fetched file in ONE transaction (take the next load id; create the table if missing;
 * with `previous`, delete the rows and ledger row of its previous load id; bulk-load; write the
 * ledger row), then releases the fetched copy. Errors name the object, never the temporary file.
 */
async function loadFetched(zone: LandingZone, file: PlannedFile, fetched: FetchedObject, target: LoadTarget): Promise<{ rows: number; loadId: number }> {
  const { adapter, schema, ledgerTable, columnsByTable } = target;
  const { object } = file;
  const relation = rawRelation(adapter, schema, file.table);
  const tableName = `${schema}.${file.table}`;
  const types = typesOf(target.typesByTable, file.table);
  try {
    const existing = columnsByTable.get(file.table) ?? null;
    const header = await readCsvHeader(fetched.path, object.displayName);
    const stored = checkFileHeader(adapter, header, types, existing, object.displayName, tableName);
    const loadedAt = sqlTimestamp(new Date());
    // A local file's SHA-256 is computed while the warehouse reads the same file.
    const fingerprint = zone.fingerprint(object);
    fingerprint.catch(() => undefined);
    // Exact numbers are checked the fast way first; a value that way cannot prove exact (a BIGINT
    // above 2^53) fails the transaction, and the file loads again checking every value by its text.
    let exactAsText = false;
    const loadOnce = () => adapter.transaction(async (tx) => {
      // Taken before the previous load's ledger row goes, so a reload never reuses its old id.
      const loadId = await nextLoadId(tx, adapter, ledgerTable);
      if (!existing) await createRawTable(tx, adapter, relation, header, warehouseTypes(types));
      if (file.previous) {
        await forgetLoad(tx, adapter, ledgerTable, relation, file.previous.loadId);
      }
      const loaded = await tx.loadCsvFile(relation, fetched.path, {
        columns: header,
        types: warehouseTypes(types),
        extraColumns: { [LOAD_ID_COLUMN]: String(loadId), [LOADED_AT_COLUMN]: loadedAt },
        exactAsText,
      });
      // The ledger records what was read (S3: the ETag of the response, pinned to the listing's).
      const entry = { loadId, objectKey: object.key, etag: fetched.etag ?? (await fingerprint), sizeBytes: object.size, tableName: file.table, rowCount: loaded };
      await recordLoad(tx, adapter, ledgerTable, entry, loadedAt);
      return { rows: loaded, loadId };
    });
    const result = await loadOnce().catch((error: unknown) => {
      if (!(error instanceof CsvSlowPathNeeded)) throw error;
      exactAsText = true;
      return loadOnce();
    });
    columnsByTable.set(file.table, stored);
    return result;
  } catch (error) {
    if (error instanceof CsvValueError) throw valueError(error, types, object.displayName, tableName);
    throw placeAtObject(error, fetched.path, object.displayName);
  } finally {
    await fetched.release();
  }
}
