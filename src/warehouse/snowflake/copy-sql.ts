/**
 * The Snowflake SQL of loading landing-zone files from S3 (`dailies load` with an s3:// zone):
 * an external stage on the zone, a transient staging table per RAW table, one `COPY INTO` per file.
 * Pure: relations and stages arrive rendered. Goldens: test/warehouse/goldens/snowflake/copy-*.sql.
 *
 * Why a staging table and not a transforming COPY (`copy into raw (…, _load_id) from (select $1, …,
 * 42 from @stage)`): a COPY with a transformation does not check that a row has as many fields as
 * the table has columns, so a short row would load with NULLs; a plain COPY into a table with
 * exactly the file's columns refuses it (error 100080), as the DuckDB load does.
 */
import { quote } from './ddl.js';

/** The file format of landing-zone CSVs, as the DuckDB load reads them: a header line, RFC 4180 quoting, no backslash escapes, `\N` not special, an empty field NULL. */
export const CSV_FILE_FORMAT =
  "type = csv skip_header = 1 field_delimiter = ',' field_optionally_enclosed_by = '\"' escape_unenclosed_field = none null_if = () empty_field_as_null = true";

const literal = (text: string): string => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

/** `s3://bucket/prefix/`: the URL a stage on the zone has (always ending in `/`). */
export function stageUrl(zone: string): string {
  return zone.endsWith('/') ? zone : `${zone}/`;
}

/** Looks the stage up by name (LIKE is a pattern: the caller compares names exactly). */
export const showStageSql = (schema: string, name: string): string => `show stages like ${literal(name)} in schema ${schema}`;

/** An external stage on the zone, reading S3 through a storage integration (no credentials in SQL). */
export const createStageSql = (stage: string, zone: string, storageIntegration: string): string =>
  `create stage if not exists ${stage} url = ${literal(stageUrl(zone))} storage_integration = ${quote(storageIntegration)}`;

/** The staging table of one RAW table: the file's columns (typed as declared, else VARCHAR), nothing else. */
export function createStagingTableSql(staging: string, columns: readonly string[], types: Readonly<Record<string, string>>): string {
  const list = columns.map((name) => `${quote(name)} ${Object.hasOwn(types, name) ? types[name] : 'varchar'}`).join(', ');
  return `create or replace transient table ${staging} (${list})`;
}

/** One file, however often it was loaded before (FORCE: the ledger decides what was loaded, not COPY's load history). */
export const copyFileSql = (staging: string, stage: string, key: string): string =>
  `copy into ${staging} from @${stage} files = (${literal(key)}) file_format = (${CSV_FILE_FORMAT}) on_error = abort_statement force = true`;

/** The staged rows into RAW, with the bookkeeping columns' values (SQL literals). */
export function insertFromStagingSql(target: string, staging: string, columns: readonly string[], extra: Readonly<Record<string, string>>): string {
  const names = [...columns, ...Object.keys(extra)].map(quote).join(', ');
  const values = [...columns.map(quote), ...Object.values(extra)].join(', ');
  return `insert into ${target} (${names}) select ${values} from ${staging}`;
}

export const emptyStagingSql = (staging: string): string => `delete from ${staging}`;

export const dropStagingSql = (staging: string): string => `drop table if exists ${staging}`;
