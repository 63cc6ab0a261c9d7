/**
 * Turns DuckDB's errors into `warehouse` DailiesErrors: DuckDB's own message plus the first line
 * of the statement, with string literals masked whenever the statement may carry a secret.
 */
import { DailiesError, isDailiesError } from '../../errors.js';

const SENSITIVE = /\b(secret|password|passwd|token|key_id|secret_access_key|session_token|private_key|credential)/i;
const STRING_LITERAL = /'(?:[^']|'')*'/g;

/** Masks string literals in `text` when `sql` looks like it carries credentials. */
export function redactSecrets(text: string, sql: string): string {
  return SENSITIVE.test(sql) ? text.replace(STRING_LITERAL, "'***'") : text;
}

/** The first non-blank line of a statement, shortened for messages. */
export function firstLineOf(sql: string): string {
  const line = sql.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  const trimmed = line.trim();
  return trimmed.length > 160 ? `${trimmed.slice(0, 157)}...` : trimmed;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What to suggest for the common DuckDB error classes. */
function hintFor(message: string): string {
  if (/^Catalog Error/.test(message)) return 'check that the relation or column exists (is the upstream model built, and in this schema?)';
  if (/^Parser Error/.test(message)) return 'the rendered SQL is not valid DuckDB SQL; inspect the compiled SQL under target/';
  if (/^Binder Error/.test(message)) return 'a column or function name does not resolve; inspect the compiled SQL under target/';
  if (/^Conversion Error/.test(message)) return 'a value could not be cast; check the column types and the data';
  if (/^Constraint Error/.test(message)) return 'the data violates a constraint (not null, unique, primary key or check)';
  if (/Transaction conflict|write-write conflict/i.test(message)) return 'another statement changed the same rows or catalog entry concurrently; re-run';
  if (/attached in read-only mode/i.test(message)) return "production is read-only to a pull request's build: remove the statement that writes it (a hook, run_query, a model's database config)";
  if (/Could not set lock|Conflicting lock/i.test(message)) return 'another process holds the DuckDB file open; close it (e.g. a DuckDB CLI session) and retry';
  return 'see the DuckDB message above';
}

/** Wraps a DuckDB error raised while running `sql`. DailiesErrors pass through unchanged. */
export function warehouseError(error: unknown, sql: string): DailiesError {
  if (isDailiesError(error)) return error;
  const message = redactSecrets(messageOf(error), sql).trim();
  const statement = redactSecrets(firstLineOf(sql), sql);
  return new DailiesError('warehouse', `${message}\n  while running: ${statement}`, {
    hint: hintFor(message),
    // The raw error may echo the statement; keep it only when nothing in it looks secret.
    cause: SENSITIVE.test(sql) ? undefined : error,
  });
}
