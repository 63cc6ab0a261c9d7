/**
 * Errors are values with places: every user-facing error names the file (and line, when known)
 * and carries a hint that says what to do about it.
 */

export interface SourcePlace {
  /** Path relative to the project root where possible, else absolute. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
}

export type ErrorKind =
  | 'usage' // bad command-line arguments
  | 'config' // dbt_project.yml / profiles.yml / packages.yml problems
  | 'yaml' // malformed YAML or a property file that does not match the expected shape
  | 'compile' // template rendering / macro errors
  | 'ref' // unknown ref / source / doc
  | 'cycle' // dependency cycle
  | 'selection' // bad selector
  | 'warehouse' // database errors
  | 'contract' // model contract violation
  | 'load' // landing zone ingest errors
  | 'internal';

export class DailiesError extends Error {
  readonly kind: ErrorKind;
  readonly place?: SourcePlace;
  readonly hint?: string;

  constructor(kind: ErrorKind, message: string, options: { place?: SourcePlace; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DailiesError';
    this.kind = kind;
    this.place = options.place;
    this.hint = options.hint;
  }

  /** `file:line: message` followed by the hint on its own line. */
  format(): string {
    const where = this.place ? `${formatPlace(this.place)}: ` : '';
    const hint = this.hint ? `\n  hint: ${this.hint}` : '';
    return `${where}${this.message}${hint}`;
  }
}

export function formatPlace(place: SourcePlace): string {
  let text = place.file;
  if (place.line !== undefined) text += `:${place.line}`;
  if (place.line !== undefined && place.column !== undefined) text += `:${place.column}`;
  return text;
}

export function isDailiesError(error: unknown): error is DailiesError {
  return error instanceof DailiesError;
}

/** Formats any thrown value for a person: DailiesErrors with their place and hint, others by message. */
export function describeError(error: unknown): string {
  if (isDailiesError(error)) return error.format();
  if (error instanceof Error) return error.message;
  return String(error);
}
