/** Reads and checks the header line of a landing-zone CSV file (only the first line is read). */
import { open } from 'node:fs/promises';
import { DailiesError } from '../errors.js';
import { splitCsvLine } from '../csv.js';

const MAX_HEADER_BYTES = 1 << 20;

/** The column names of the file's first line, or an error placed at line 1 of `displayName`. */
export async function readCsvHeader(path: string, displayName: string): Promise<string[]> {
  const handle = await open(path, 'r');
  let text: string;
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < MAX_HEADER_BYTES) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, total);
      if (bytesRead === 0) break;
      const chunk = Buffer.from(buffer.subarray(0, bytesRead));
      const newline = chunk.indexOf(0x0a);
      chunks.push(newline >= 0 ? chunk.subarray(0, newline) : chunk);
      total += bytesRead;
      if (newline >= 0) break;
    }
    text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
  } finally {
    await handle.close();
  }
  return headerColumns(text, displayName);
}

/** The column names of the first line held in `bytes` (the start of the object), checked as `readCsvHeader` does. */
export function headerFromBytes(bytes: Buffer, displayName: string): string[] {
  const newline = bytes.indexOf(0x0a);
  const text = (newline >= 0 ? bytes.subarray(0, newline) : bytes).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
  return headerColumns(text, displayName);
}

function headerColumns(text: string, displayName: string): string[] {
  const columns = text === '' ? [] : splitCsvLine(text, ',');
  const problem =
    columns.length === 0
      ? 'it has no header line'
      : columns.some((c) => c.trim() === '')
        ? 'its header has an empty column name'
        : columns.find((c, i) => columns.indexOf(c) !== i) !== undefined
          ? `its header names ${columns.find((c, i) => columns.indexOf(c) !== i)} twice`
          : null;
  if (problem) {
    throw new DailiesError('load', `cannot load ${displayName}: ${problem}`, {
      place: { file: displayName, line: 1 },
      hint: 'the first line of a landing-zone CSV must name its columns, comma-separated, each once',
    });
  }
  return columns;
}
