/**
 * agate's `Table.print_table(max_rows=20, max_columns=6, output=stdout, max_column_width=20,
 * locale=None, max_precision=3)`: the table as a Markdown-like grid, as dbt prints it for
 * `{{ run_query(…).print_table() }}`. Text columns are left-justified, the others right-justified;
 * numbers get the most decimal places of their column (at most `max_precision`, then `…`) and
 * thousands separators; None is empty; long values end in `...`; cut rows and columns show `...`.
 */
import { isPyString, pyStr } from './jinja/python-values.js';
import { PyFloat } from './jinja/python-numbers.js';

export interface PrintTableOptions {
  max_rows?: unknown;
  max_columns?: unknown;
  max_column_width?: unknown;
  max_precision?: unknown;
}

const isNumeric = (value: unknown): boolean => typeof value === 'number' || typeof value === 'bigint' || value instanceof PyFloat;

/** Decimal places of a number as Python's Decimal.normalize() counts them (`2.50` → 1). */
function decimalPlaces(value: unknown): number {
  const text = value instanceof PyFloat ? String(value.value) : String(value);
  if (/e-/i.test(text)) return Number(text.split(/e-/i)[1]) + (text.split(/e/i)[0]!.split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.replace(/0+$/, '').length ?? 0;
}

function formatNumber(value: unknown, places: number, ellipsis: boolean): string {
  const number = value instanceof PyFloat ? value.value : Number(value);
  const [whole, fraction] = Math.abs(number).toFixed(places).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${number < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}${ellipsis ? '…' : ''}`;
}

const TEXT_TYPE = /^(varchar|text|string|char|character|bpchar|uuid|json)\b/i;
const NUMBER_TYPE = /^(tinyint|smallint|integer|int|bigint|hugeint|u\w*int|decimal|numeric|number|double|float|real)\b/i;

/** `types`: the warehouse's column types (agate infers its own from the values; these stand in for them). */
export function printTable(names: string[], types: string[], rows: unknown[][], options: PrintTableOptions): string[] {
  const maxRows = Number(options.max_rows ?? 20);
  const maxColumns = Number(options.max_columns ?? 6);
  const maxWidth = options.max_column_width === null ? null : Number(options.max_column_width ?? 20);
  const maxPrecision = Number(options.max_precision ?? 3);
  const cut = (text: string) => (maxWidth !== null && text.length > maxWidth ? `${text.slice(0, maxWidth - 3)}...` : text);
  const shown = names.slice(0, maxColumns);
  const header = shown.map(cut);
  if (names.length > maxColumns) header.push('...');
  const kept = rows.slice(0, maxRows);
  const columns = shown.map((_, j) => kept.map((row) => row[j]));
  const isText = columns.map((values, j) => (types[j] ? TEXT_TYPE.test(types[j]!) : values.some((value) => isPyString(value))));
  const isNumber = (value: unknown, j: number) => isNumeric(value) || (NUMBER_TYPE.test(types[j] ?? '') && isPyString(value) && /^-?\d+(\.\d+)?$/.test(String(value)));
  const formats = columns.map((values, j) => {
    if (isText[j] || !values.some((value) => isNumber(value, j))) return null;
    const places = Math.max(0, ...values.filter((value) => isNumber(value, j)).map(decimalPlaces));
    return { places: Math.min(places, maxPrecision), ellipsis: places > maxPrecision };
  });
  const widths = header.map((name) => name.length);
  const body = kept.map((row) => {
    const cells = shown.map((_, j) => {
      const value = row[j];
      const format = formats[j];
      const text = cut(value === null || value === undefined ? '' : format && isNumber(value, j) ? formatNumber(value, format.places, format.ellipsis) : pyStr(value));
      widths[j] = Math.max(widths[j]!, text.length);
      return text;
    });
    if (names.length > maxColumns) cells.push('...');
    return cells;
  });
  const line = (cells: string[]) => `|${cells.map((cell, j) => ` ${isText[j] ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!)} `).join('|')}|`;
  const lines = [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...body.map(line)];
  if (rows.length > maxRows) lines.push(line(header.map(() => '...')));
  return lines;
}
