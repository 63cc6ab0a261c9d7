/** What a load did, file by file, and how to print it. */

export type LoadFileStatus = 'loaded' | 'reloaded' | 'skipped' | 'ignored';

export interface LoadFileEvent {
  status: LoadFileStatus;
  /** The object key (S3) or path relative to the landing folder. */
  key: string;
  /** The RAW table it loads into (null when ignored). */
  table: string | null;
  /** The ledger's load id (loaded and reloaded files: the new one; skipped: the earlier one); its RAW rows carry it in `_load_id`. */
  loadId?: number;
  /** Rows loaded (0 when skipped or ignored). */
  rows: number;
  bytes: number;
  seconds: number;
  /** Why a file was skipped or ignored. */
  reason?: string;
}

export interface LoadReport {
  /** `s3://bucket/prefix/` or the folder's absolute path. */
  zone: string;
  schema: string;
  files: LoadFileEvent[];
  filesLoaded: number;
  filesReloaded: number;
  filesSkipped: number;
  filesIgnored: number;
  /** Rows and bytes of the files loaded or reloaded in this run. */
  rows: number;
  bytes: number;
  seconds: number;
  /** Per RAW table touched in this run: files and rows loaded. */
  tables: { table: string; files: number; rows: number }[];
}

export function summarizeLoad(zone: string, schema: string, files: LoadFileEvent[], seconds: number): LoadReport {
  const done = files.filter((f) => f.status === 'loaded' || f.status === 'reloaded');
  const tables = new Map<string, { table: string; files: number; rows: number }>();
  for (const file of done) {
    const entry = tables.get(file.table ?? '') ?? { table: file.table ?? '', files: 0, rows: 0 };
    entry.files++;
    entry.rows += file.rows;
    tables.set(entry.table, entry);
  }
  return {
    zone,
    schema,
    files,
    filesLoaded: files.filter((f) => f.status === 'loaded').length,
    filesReloaded: files.filter((f) => f.status === 'reloaded').length,
    filesSkipped: files.filter((f) => f.status === 'skipped').length,
    filesIgnored: files.filter((f) => f.status === 'ignored').length,
    rows: done.reduce((sum, f) => sum + f.rows, 0),
    bytes: done.reduce((sum, f) => sum + f.bytes, 0),
    seconds,
    tables: [...tables.values()].sort((a, b) => a.table.localeCompare(b.table)),
  };
}

/** One line per file, e.g. `loaded   ratings/ratings_day001.csv → raw.ratings  17,046 rows  0.7 MB  0.05 s`. */
export function formatLoadEvent(event: LoadFileEvent): string {
  const status = event.status.padEnd(8);
  if (event.status === 'skipped' || event.status === 'ignored') return `${status} ${event.key}${event.reason ? `  (${event.reason})` : ''}`;
  return `${status} ${event.key} → ${event.table}  ${event.rows.toLocaleString('en-US')} rows  ${megabytes(event.bytes)}  ${event.seconds.toFixed(2)} s`;
}

/** The summary line(s) after a load. */
export function formatLoadReport(report: LoadReport): string {
  const parts = [`${report.filesLoaded} file(s) loaded`];
  if (report.filesReloaded > 0) parts.push(`${report.filesReloaded} reloaded`);
  parts.push(`${report.filesSkipped} already loaded`);
  if (report.filesIgnored > 0) parts.push(`${report.filesIgnored} ignored`);
  const rate = report.seconds > 0 ? `, ${megabytes(report.bytes / report.seconds)}/s` : '';
  return `${parts.join(', ')} from ${report.zone} into schema ${report.schema}: ${report.rows.toLocaleString('en-US')} rows, ${megabytes(report.bytes)} in ${report.seconds.toFixed(2)} s${rate}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
