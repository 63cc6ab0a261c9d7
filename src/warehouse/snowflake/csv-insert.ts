/**
 * `loadCsvFile` on Snowflake for local files: the CSV is parsed here and inserted with batched
 * binds (`insert … values (cast(? as T), …), …`), inside the caller's transaction. Loading from
 * S3 goes through COPY INTO instead (not here).
 */
import { readFile } from 'node:fs/promises';
import { DailiesError } from '../../errors.js';
import { CsvSyntaxError, parseCsv } from '../../csv.js';
import type { CsvLoadOptions } from '../adapter.js';
import { quote } from './ddl.js';

type Run = (sql: string, binds?: unknown[]) => Promise<unknown>;

const MAX_BINDS = 10_000;

export async function insertCsvFile(run: Run, relation: string, filePath: string, options: CsvLoadOptions): Promise<number> {
  const text = (await readFile(filePath, 'utf8')).replace(/^\uFEFF/, '');
  let records;
  try {
    records = parseCsv(text, options.delimiter ?? ',');
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new DailiesError('load', `malformed CSV in ${filePath}: ${error.message}`, { place: { file: filePath, line: error.line }, hint: 'fix the CSV file; nothing from it was loaded' });
    throw error;
  }
  const [header, ...body] = records;
  if (!header) throw new DailiesError('load', `${filePath} is empty: it needs a header row`, { place: { file: filePath, line: 1 }, hint: 'add the header row' });
  const names = header.fields.map((name) => name.trim());
  if (names.join('\u0000') !== options.columns.join('\u0000')) {
    throw new DailiesError('load', `the header of ${filePath} is ${names.join(',')}, expected ${options.columns.join(',')}`, { place: { file: filePath, line: header.line }, hint: 'the file must have the same columns as earlier files of this table' });
  }
  const extra = Object.entries(options.extraColumns ?? {});
  const types = options.types ?? {};
  const columns = [...names.map(quote), ...extra.map(([name]) => quote(name))].join(', ');
  const tuple = `(${[...names.map((name) => (types[name] ? `cast(? as ${types[name]})` : '?')), ...extra.map(([, expression]) => expression)].join(', ')})`;
  const batchSize = Math.max(1, Math.min(1000, Math.floor(MAX_BINDS / Math.max(1, names.length))));
  for (let start = 0; start < body.length; start += batchSize) {
    const batch = body.slice(start, start + batchSize);
    for (const record of batch) {
      if (record.fields.length !== names.length) {
        throw new DailiesError('load', `line ${record.line} of ${filePath} has ${record.fields.length} fields, the header has ${names.length}`, { place: { file: filePath, line: record.line }, hint: 'fix the row; nothing from this file was loaded' });
      }
    }
    const binds = batch.flatMap((record) => record.fields.map((value, index) => (value === '' && types[names[index]!] ? null : value)));
    await run(`insert into ${relation} (${columns}) values ${batch.map(() => tuple).join(', ')}`, binds);
  }
  return body.length;
}
