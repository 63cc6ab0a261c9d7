/**
 * snowflake-sdk errors → `warehouse` DailiesErrors carrying Snowflake's error code, SQL state and
 * message, plus the first line of the statement. String literals are masked when the statement
 * may carry a secret; the driver's own error object (which can hold request data) is not kept.
 */
import { DailiesError, isDailiesError } from '../../errors.js';
import { firstLineOf, redactSecrets } from '../duckdb/errors.js';

export class SnowflakeError extends DailiesError {
  /** Snowflake's error code, e.g. `002003` (object does not exist), or the driver's (`390100`, `401001` …). */
  readonly snowflakeCode: string | undefined;
  readonly sqlState: string | undefined;

  constructor(message: string, details: { code?: string; sqlState?: string; hint: string }) {
    super('warehouse', message, { hint: details.hint });
    this.name = 'SnowflakeError';
    this.snowflakeCode = details.code;
    this.sqlState = details.sqlState;
  }
}

interface DriverError {
  message?: string;
  code?: string | number;
  sqlState?: string;
}

/** Login and network failures worth one more attempt; everything else fails at once. */
const TRANSIENT_CODES = new Set(['401001', '401002', '402001', '390114', '000625', '000630']);

export function isTransient(error: unknown): boolean {
  const code = error instanceof SnowflakeError ? error.snowflakeCode : String((error as DriverError | undefined)?.code ?? '');
  if (code && TRANSIENT_CODES.has(code)) return true;
  return /ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up/i.test(error instanceof Error ? error.message : '');
}

function hintFor(code: string, message: string): string {
  if (code === '002003' || /does not exist or not authorized/i.test(message)) return 'check that the object exists and that the role may use it (is the upstream model built, in this schema?)';
  if (code === '001003' || /syntax error/i.test(message)) return 'the rendered SQL is not valid Snowflake SQL; inspect the compiled SQL under target/';
  if (code === '000904' || /invalid identifier/i.test(message)) return 'a column name does not resolve: Snowflake upper-cases unquoted names, so "name" and name differ';
  if (code === '100038' || code === '100035' || /not recognized|numeric value/i.test(message)) return 'a value could not be converted; check the column types and the data';
  if (code === '100072' || /NULL result in a non-nullable column/i.test(message)) return 'the data violates a NOT NULL constraint';
  if (['390100', '390144', '390318', '394304', '390432'].includes(code) || /Incorrect username or password|JWT token is invalid/i.test(message)) {
    return 'the login was refused: check user and credentials (key pair: is the public key set on the user? ALTER USER … SET RSA_PUBLIC_KEY)';
  }
  if (code === '390201' || code === '390189' || /role|warehouse/i.test(message)) return 'check `role:` and `warehouse:` of the target and that the role is granted to the user';
  if (code === '000604') return 'the statement was cancelled';
  if (code === '401001' || code === '401002') return 'the Snowflake service could not be reached: check `account:` (and access_url), the network and any proxy';
  return 'see the Snowflake message above';
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String((error as DriverError | undefined)?.message ?? error);
  return text.trim();
}

/** Wraps a driver error raised while running `sql` (or logging in, when `sql` is empty). */
export function snowflakeError(error: unknown, sql: string, secrets: string[] = []): DailiesError {
  if (isDailiesError(error)) return error;
  const driver = (error ?? {}) as DriverError;
  const code = driver.code === undefined ? '' : String(driver.code);
  let message = redactSecrets(messageOf(error), sql);
  for (const secret of secrets) if (secret.length >= 4) message = message.split(secret).join('***');
  const prefix = code && !message.startsWith(code) ? `${code}${driver.sqlState ? ` (${driver.sqlState})` : ''}: ` : '';
  const statement = sql ? `\n  while running: ${redactSecrets(firstLineOf(sql), sql)}` : '';
  return new SnowflakeError(`${prefix}${message}${statement}`, { code: code || undefined, sqlState: driver.sqlState, hint: hintFor(code, message) });
}
