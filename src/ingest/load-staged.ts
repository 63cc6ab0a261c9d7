/**
 * Loading one S3 object that the warehouse reads itself (`Adapter.stageLoader`; Snowflake: COPY
 * INTO from an external stage), in ONE transaction with its ledger row, as `loadFetched` in load.ts
 * does for a downloaded file: take the next load id; create the RAW table if missing; with a
 * previous load (`--force`), delete its rows and ledger row; copy the object; check that S3 still
 * holds the object that was listed; write the ledger row. Only the header line is fetched here (a
 * ranged GET pinned to the listed ETag); the rows never pass through this process.
 */
import { CsvValueError, type Adapter, type StageLoader } from '../warehouse/adapter.js';
import { headerFromBytes } from './csv-header.js';
import type { LandingObject } from './landing-zone.js';
import { forgetLoad, nextLoadId, recordLoad, sqlTimestamp, type LedgerEntry } from './ledger.js';
import { placeAtObject } from './load-errors.js';
import { LOADED_AT_COLUMN, LOAD_ID_COLUMN, createRawTable, rawRelation } from './raw-table.js';
import type { S3LandingZone } from './s3-zone.js';
import { checkFileHeader, typesOf, valueError, warehouseTypes, type TableColumnTypes } from './typed-columns.js';
import type { Relation } from '../warehouse/adapter.js';

/** Bytes fetched for the header line; a longer header is fetched again with this many times more. */
const HEADER_BYTES = 64 * 1024;
const MAX_HEADER_BYTES = 1 << 20;

export interface StagedFile {
  object: LandingObject;
  table: string;
  previous: LedgerEntry | null;
}

export interface StagedTarget {
  adapter: Adapter;
  schema: string;
  ledgerTable: Relation;
  columnsByTable: Map<string, string[] | null>;
  typesByTable: Map<string, TableColumnTypes>;
}

async function readHeader(zone: S3LandingZone, object: LandingObject): Promise<string[]> {
  let bytes = await zone.readStart(object, HEADER_BYTES);
  if (bytes.indexOf(0x0a) < 0 && bytes.length < object.size) bytes = await zone.readStart(object, MAX_HEADER_BYTES);
  return headerFromBytes(bytes, object.displayName);
}

export async function loadStaged(zone: S3LandingZone, loader: StageLoader, file: StagedFile, target: StagedTarget): Promise<{ rows: number; loadId: number }> {
  const { adapter, schema, ledgerTable, columnsByTable } = target;
  const { object } = file;
  const relation = rawRelation(adapter, schema, file.table);
  const tableName = `${schema}.${file.table}`;
  const types = typesOf(target.typesByTable, file.table);
  try {
    const existing = columnsByTable.get(file.table) ?? null;
    const header = await readHeader(zone, object);
    const stored = checkFileHeader(adapter, header, types, existing, object.displayName, tableName);
    const loadedAt = sqlTimestamp(new Date());
    const result = await adapter.transaction(async (tx) => {
      const loadId = await nextLoadId(tx, adapter, ledgerTable);
      // DDL first: Snowflake commits an open transaction at DDL, so nothing is written before these.
      if (!existing) await createRawTable(tx, adapter, relation, header, warehouseTypes(types));
      const options = { columns: header, types: warehouseTypes(types), extraColumns: { [LOAD_ID_COLUMN]: String(loadId), [LOADED_AT_COLUMN]: loadedAt } };
      await loader.prepare(tx, relation, options);
      if (file.previous) {
        await forgetLoad(tx, adapter, ledgerTable, relation, file.previous.loadId);
      }
      const rows = await loader.load(tx, relation, object.relativeKey, options);
      // The warehouse read the object by name: it must still be the one listed, whose ETag the ledger records.
      await zone.checkUnchanged(object);
      const entry = { loadId, objectKey: object.key, etag: object.etag ?? '', sizeBytes: object.size, tableName: file.table, rowCount: rows };
      await recordLoad(tx, adapter, ledgerTable, entry, loadedAt);
      return { rows, loadId };
    });
    columnsByTable.set(file.table, stored);
    return result;
  } catch (error) {
    if (error instanceof CsvValueError) throw valueError(error, types, object.displayName, tableName);
    throw placeAtObject(error, object.relativeKey, object.displayName);
  }
}
