/**
 * Bulk CSV loading through DuckDB's native reader (`read_csv`, parallel, strict, no sniffing; every
 * column as text unless the caller gives it a type): rows are never parsed in JavaScript. Only the
 * header line is read here, to check it against the expected columns before anything is loaded.
 */
import { open } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DailiesError } from '../../errors.js';
import { CsvSlowPathNeeded, CsvValueError, type CsvLoadOptions } from '../adapter.js';
import { dialectFor } from '../dialect.js';
import { physicalLineOfRecord } from './csv-lines.js';
import { asText, convertSql, exactType, firstInexactValue, INEXACT_MARK, LARGE_MARK, misfit, readAs, type ExactType } from './exact-numbers.js';
import { runSql } from './run-sql.js';
import { splitCsvLine } from '../../csv.js';

export type { CsvLoadOptions };

const quote = (name: string): string => dialectFor('duckdb').quoteIdentifier(name);
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** The first line of the file (without BOM or line ending), or null for an empty file. */
async function readHeaderLine(filePath: string): Promise<string | null> {
  const handle = await open(filePath, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new DailiesError('load', `cannot open CSV file ${filePath}: ${error.code ?? error.message}`, {
      place: { file: filePath },
      hint: 'check that the file exists and is readable',
    });
  });
  try {
    const chunks: Buffer[] = [];
    let position = 0;
    while (true) {
      const buffer = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      const newline = chunk.indexOf(0x0a);
      chunks.push(newline >= 0 ? chunk.subarray(0, newline) : chunk);
      if (newline >= 0) break;
      position += bytesRead;
    }
    const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
    return chunks.length === 0 ? null : text;
  } finally {
    await handle.close();
  }
}


function describeHeaderDifference(expected: string[], actual: string[]): string {
  const missing = expected.filter((name) => !actual.includes(name));
  const unexpected = actual.filter((name) => !expected.includes(name));
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
  if (unexpected.length > 0) parts.push(`unexpected ${unexpected.join(', ')}`);
  if (parts.length === 0) parts.push('same names in a different order');
  return `expected header "${expected.join(',')}", found "${actual.join(',')}" (${parts.join('; ')})`;
}

async function checkHeader(filePath: string, options: CsvLoadOptions, delimiter: string): Promise<void> {
  const line = await readHeaderLine(filePath);
  if (line === null) {
    throw new DailiesError('load', `CSV file ${filePath} is empty: it has no header line`, {
      place: { file: filePath, line: 1 },
      hint: `the first line must name the columns: ${options.columns.join(delimiter)}`,
    });
  }
  const actual = splitCsvLine(line, delimiter);
  const same = actual.length === options.columns.length && actual.every((name, index) => name === options.columns[index]);
  if (!same) {
    throw new DailiesError('load', `CSV header of ${filePath} does not match: ${describeHeaderDifference(options.columns, actual)}`, {
      place: { file: filePath, line: 1 },
      hint: 'fix the header line of the file, or the columns the loader expects',
    });
  }
}

/** The type the reader reads a column as: VARCHAR, or its declared type (exact numbers: DOUBLE or VARCHAR, converted in the insert; see exact-numbers.ts). */
function readType(name: string, types: Record<string, string>, exactAsText: boolean): string {
  if (!Object.hasOwn(types, name)) return 'VARCHAR';
  const declared = types[name] as string;
  const exact = exactType(declared);
  return exact ? readAs(exactAsText ? asText(exact) : exact) : declared;
}

/** Column index → exact numeric type (as it is read), for the declared columns that have one. */
function exactColumns(options: CsvLoadOptions): Map<number, ExactType> {
  const types = options.types ?? {};
  const columns = new Map<number, ExactType>();
  options.columns.forEach((name, index) => {
    const exact = Object.hasOwn(types, name) ? exactType(types[name] as string) : null;
    if (exact) columns.set(index, options.exactAsText ? asText(exact) : exact);
  });
  return columns;
}

/**
 * `read_csv` with everything pinned: no type sniffing, strict rows, the header skipped; each column
 * VARCHAR unless `types` names it (an empty field is then NULL). Exact numeric columns are read
 * as DOUBLE or text, so that nothing is rounded before the insert checks it.
 */
export function readCsvSql(filePath: string, columns: string[], delimiter: string, types: Record<string, string> = {}, exactAsText = false): string {
  const columnTypes = columns.map((name) => `${literal(name)}: ${literal(readType(name, types, exactAsText))}`).join(', ');
  const allVarchar = columns.every((name) => !Object.hasOwn(types, name));
  return (
    `read_csv(${literal(filePath)}, header = true, all_varchar = ${allVarchar}, auto_detect = false, strict_mode = true, ` +
    `delim = ${literal(delimiter)}, quote = '"', escape = '"', null_padding = false, columns = {${columnTypes}})`
  );
}

export function loadCsvSql(relation: string, filePath: string, options: CsvLoadOptions): string {
  const delimiter = options.delimiter ?? ',';
  const extras = Object.entries(options.extraColumns ?? {});
  const targetColumns = [...options.columns, ...extras.map(([name]) => name)].map(quote).join(', ');
  const exact = exactColumns(options);
  const narrowed = options.columns.map((name, index) => {
    const type = exact.get(index);
    return type ? `${convertSql(quote(name), index, type)} as ${quote(name)}` : quote(name);
  });
  const selectList = [...narrowed, ...extras.map(([, expression]) => expression)].join(', ');
  return `insert into ${relation} (${targetColumns})\nselect ${selectList} from ${readCsvSql(filePath, options.columns, delimiter, options.types, options.exactAsText === true)}`;
}

const CONVERSION = /Error when converting column "([\s\S]*?)"\. Could not convert string "([\s\S]*?)" to '([^'\n]+)'/;

/**
 * DuckDB's CSV errors name the record (see csv-lines.ts); turn them into load errors placed at the
 * physical line it starts on. A value that does not convert to its column's type is a CsvValueError.
 */
async function csvError(error: DailiesError, filePath: string, options: CsvLoadOptions): Promise<DailiesError> {
  const message = error.message;
  if (message.includes(LARGE_MARK)) return new CsvSlowPathNeeded(filePath, error);
  // An exact number that does not fit (our error()), or one out of range (the insert's cast, without a line).
  const inexact = message.includes(INEXACT_MARK) || (/^Conversion Error:/m.test(message) && !/CSV Error on Line/.test(message) && exactColumns(options).size > 0);
  if (inexact) return inexactValueError(error, filePath, options);
  const record = /CSV Error on Line: (\d+)/.exec(message) ?? /\bLine: (\d+)/.exec(message);
  const line = record ? await physicalLineOfRecord(filePath, Number(record[1])).catch(() => Number(record[1])) : null;
  const conversion = CONVERSION.exec(message);
  if (line !== null && conversion) {
    const [, column = '', value = '', duckdbType = ''] = conversion;
    const declared = options.types && Object.hasOwn(options.types, column) ? (options.types[column] as string) : duckdbType;
    return new CsvValueError({ file: filePath, line, column, value, dataType: declared }, error);
  }
  if (line === null) {
    return new DailiesError('load', `loading ${filePath} failed: ${message.split('\n')[0]}`, {
      place: { file: filePath },
      hint: error.hint,
      cause: error,
    });
  }
  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  const tooLong = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+) bytes/.exec(message);
  if (tooLong) {
    return new DailiesError('load', `line ${line} of ${filePath} is ${tooLong[2]} bytes long: a CSV row (with all its fields) may have at most ${tooLong[1]} bytes (the CSV reader's max_line_size limit)`, {
      place: { file: filePath, line },
      hint: `split the value or keep such large values out of the landing zone; nothing from this file was loaded`,
      cause: error,
    });
  }
  let reason = message.split('\n')[0];
  if (counts) reason = `expected ${counts[1]} fields, found ${counts[2]}`;
  else if (/unterminated quote/i.test(message)) reason = 'a quoted value is not terminated';
  else if (/Invalid unicode|invalid UTF-8/i.test(message)) reason = 'the line is not valid UTF-8';
  return new DailiesError('load', `malformed CSV row in ${filePath} at line ${line}: ${reason}`, {
    place: { file: filePath, line },
    hint: 'fix the row (quote values that contain the delimiter, a quote or a line break); nothing from this file was loaded',
    cause: error,
  });
}

/** A value of an exact numeric column that its type cannot hold as written: found again in the file, with its line. */
async function inexactValueError(error: DailiesError, filePath: string, options: CsvLoadOptions): Promise<DailiesError> {
  const found = await firstInexactValue(filePath, exactColumns(options), options.delimiter ?? ',').catch(() => null);
  if (!found) {
    const marked = new RegExp(`${INEXACT_MARK}(\\d+)`).exec(error.message);
    const column = marked ? (options.columns[Number(marked[1])] ?? 'a column') : 'a numeric column';
    return new DailiesError('load', `a value of ${column} in ${filePath} does not fit its declared type as written: ${error.message.split('\n')[0]}; nothing from this file was loaded`, {
      place: { file: filePath },
      hint: 'fix the value in the file, or declare a type that holds it',
      cause: error,
    });
  }
  const column = options.columns[found.column] as string;
  const declared = options.types?.[column] as string;
  const why = misfit(found.value, exactColumns(options).get(found.column) as ExactType);
  return new CsvValueError({ file: filePath, line: found.line, column, value: found.value, dataType: declared, ...(why === 'invalid' ? {} : { misfit: why }) }, error);
}

/** Appends the rows of a CSV file to `relation` (rendered); returns how many were loaded. */
export async function loadCsvFile(connection: DuckDBConnection, relation: string, filePath: string, options: CsvLoadOptions): Promise<number> {
  const delimiter = options.delimiter ?? ',';
  const duplicates = options.columns.filter((name, index) => options.columns.indexOf(name) !== index);
  if (duplicates.length > 0) {
    throw new DailiesError('load', `CSV columns for ${filePath} name ${duplicates.join(', ')} more than once`, {
      place: { file: filePath, line: 1 },
      hint: 'give every column of the file a distinct name',
    });
  }
  await checkHeader(filePath, options, delimiter);
  try {
    const result = await withoutInsertionOrder(connection, () => runSql(connection, loadCsvSql(relation, filePath, options)));
    return result.rowsAffected ?? 0;
  } catch (error) {
    if (error instanceof DailiesError && error.kind === 'warehouse') throw await csvError(error, filePath, options);
    throw error;
  }
}

/**
 * Runs the bulk insert with `preserve_insertion_order = false` on this connection only. Keeping the
 * file's row order makes DuckDB's parallel CSV insert leave partial row groups that the next
 * checkpoint merges and compresses again: measured on this project's sample data, over a quarter of
 * the load's CPU (see bench/RESULTS.md, Load throughput). Rows of a table have no order in SQL.
 */
async function withoutInsertionOrder<T>(connection: DuckDBConnection, insert: () => Promise<T>): Promise<T> {
  await runSql(connection, 'set session preserve_insertion_order = false');
  try {
    return await insert();
  } finally {
    await restoreInsertionOrder(connection);
  }
}

const ABORTED_TRANSACTION = /transaction is aborted/i;

/**
 * Back to the instance's setting; never throws (the insert's own error is the one to report).
 * Inside a transaction a failed insert aborts it, and DuckDB then refuses every statement (RESET
 * too) until ROLLBACK: so roll it back (nothing of it could commit),
 * reset, and leave an equally aborted transaction in its place, so that the caller's ROLLBACK, or
 * any statement it still sends, behaves exactly as it would have without this setting.
 */
async function restoreInsertionOrder(connection: DuckDBConnection): Promise<void> {
  const reset = () => runSql(connection, 'reset session preserve_insertion_order');
  try {
    await reset();
    return;
  } catch (error) {
    if (!(error instanceof Error) || !ABORTED_TRANSACTION.test(error.message)) return;
  }
  try {
    await runSql(connection, 'rollback');
    await reset();
    await runSql(connection, 'begin transaction');
    await runSql(connection, `select error('this transaction failed: a CSV bulk load in it failed; roll it back')`);
  } catch {
    // the error() above always lands here, leaving the new transaction aborted
  }
}
