/**
 * A small, strict CSV parser (RFC 4180): quoted fields with embedded commas, quotes (`""`) and
 * newlines; LF or CRLF line ends; a UTF-8 byte-order mark is ignored. Each record keeps the
 * 1-based line it starts on, for error messages.
 */

export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const length = text.length;

  while (position < length) {
    const recordLine = line;
    const fields: string[] = [];
    // parse one record
    while (true) {
      let value = '';
      if (text[position] === '"') {
        const quoteLine = line;
        position += 1;
        while (true) {
          if (position >= length) throw new CsvSyntaxError('unterminated quoted field', quoteLine);
          const char = text[position]!;
          if (char === '"') {
            if (text[position + 1] === '"') {
              value += '"';
              position += 2;
              continue;
            }
            position += 1;
            break;
          }
          if (char === '\n') line += 1;
          value += char;
          position += 1;
        }
        const next = text[position];
        if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(`unexpected character '${next}' after a closing quote`, line);
        }
      } else {
        const start = position;
        while (position < length) {
          const char = text[position]!;
          if (char === delimiter || char === '\n' || char === '\r') break;
          if (char === '"') throw new CsvSyntaxError('a quote inside an unquoted field (quote the whole field and double the quote)', line);
          position += 1;
        }
        value = text.slice(start, position);
      }
      fields.push(value);
      const char = text[position];
      if (char === delimiter) {
        position += 1;
        continue;
      }
      if (char === '\r') position += text[position + 1] === '\n' ? 2 : 1;
      else if (char === '\n') position += 1;
      if (char === '\r' || char === '\n') line += 1;
      break;
    }
    // a blank line is not a record
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
  }
  return records;
}

/**
 * Splits one line (a header, say) into fields: double quotes and `""` escapes, any delimiter
 * string. Lenient where parseCsv is strict: it never throws.
 */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (line.startsWith(delimiter, index)) {
      fields.push(field);
      field = '';
      index += delimiter.length - 1;
    } else field += char;
  }
  fields.push(field);
  return fields;
}
