/**
 * Writes one CSV file in large chunks: rows are encoded straight into 1 MiB buffers; a full buffer
 * is queued for writing and the next rows go into a recycled one. The producer awaits `settle()`
 * whenever `backlogged` says writes fall behind, so memory stays flat however large the file grows.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

const CHUNK_BYTES = 1 << 20;
/** Chunks queued before the producer should wait. */
const MAX_QUEUED = 4;
const PENDING_CHARS = 16_384;

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export class CsvFileWriter {
  rows = 0;
  bytes = 0;
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly spares: Buffer[] = [];
  private pending = '';
  private queued = 0;
  private writes: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly encoding: 'utf8' | 'latin1',
  ) {}

  /** `asciiOnly`: every row is plain ASCII (numbers, dates, codes), which encodes faster. */
  static async create(path: string, header: readonly string[], asciiOnly = false): Promise<CsvFileWriter> {
    await mkdir(dirname(path), { recursive: true });
    const writer = new CsvFileWriter(path, await open(path, 'w'), asciiOnly ? 'latin1' : 'utf8');
    writer.append(header.join(',') + '\n');
    return writer;
  }

  /** Appends one already-formatted row (without the newline). */
  row(line: string): void {
    // Rows are gathered into short strings first: one buffer write per ~16k characters is much
    // cheaper than one per row, and short strings stay in the young generation.
    this.pending += line + '\n';
    this.rows++;
    if (this.pending.length >= PENDING_CHARS) this.drainPending();
  }

  private drainPending(): void {
    const text = this.pending;
    this.pending = '';
    this.append(text);
  }

  /** True when enough chunks wait to be written that the producer should `await settle()`. */
  get backlogged(): boolean {
    return this.queued >= MAX_QUEUED;
  }

  /** Waits until every queued chunk is written. */
  async settle(): Promise<void> {
    await this.writes;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    try {
      if (this.pending !== '') this.drainPending();
      if (this.used > 0) this.rotate();
      await this.settle();
    } finally {
      await this.handle.close();
    }
  }

  /** Encodes `text` (whole rows, newlines included) into the current chunk. */
  private append(text: string): void {
    const room = text.length * (this.encoding === 'latin1' ? 1 : 3);
    if (room > this.chunk.length - this.used) {
      if (this.used > 0) this.rotate();
      if (room > this.chunk.length) this.chunk = Buffer.allocUnsafe(room);
    }
    this.used += this.chunk.write(text, this.used, this.encoding);
  }

  /** Queues the current chunk for writing and continues in a fresh one. */
  private rotate(): void {
    const full = this.chunk;
    const data = full.subarray(0, this.used);
    this.bytes += this.used;
    this.chunk = this.spares.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    this.queued++;
    this.writes = this.writes.then(async () => {
      try {
        if (!this.failure) await this.handle.write(data);
      } catch (error) {
        this.failure = error;
      }
      this.queued--;
      if (full.length === CHUNK_BYTES) this.spares.push(full);
    });
  }
}
