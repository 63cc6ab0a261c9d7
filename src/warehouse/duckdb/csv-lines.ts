/**
 * DuckDB's CSV errors number records, not lines: "Line: 5" is the fifth record (the header being
 * the first, blank lines counted), so a quoted value spanning lines shifts every later number. This
 * turns such a record number into the physical line it starts on, reading the file up to there
 * (only when an error is reported).
 */
import { createReadStream } from 'node:fs';

const NEWLINE = 0x0a;

/** The 1-based physical line on which record `record` (1-based, header = 1) starts; `record` itself when the file is shorter. */
export async function physicalLineOfRecord(filePath: string, record: number, quote = '"'): Promise<number> {
  if (record <= 1) return record;
  const quoteByte = quote.charCodeAt(0);
  let line = 1;
  let recordsEnded = 0;
  let quoted = false;
  const stream = createReadStream(filePath, { highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        // A doubled quote inside a quoted value toggles twice: the value stays quoted.
        if (byte === quoteByte) quoted = !quoted;
        else if (byte === NEWLINE) {
          line++;
          if (!quoted && ++recordsEnded === record - 1) return line;
        }
      }
    }
  } finally {
    stream.destroy();
  }
  return record;
}
