/**
 * A pool of at most `threads` snowflake-sdk connections, opened lazily (the first on open, to
 * check the login), each running one statement at a time. Logins are retried `connectRetries`
 * times, and only for transient failures; running statements can be cancelled (Ctrl-C).
 */
import snowflake from 'snowflake-sdk';
import type { Connection, ConnectionOptions, FileAndStageBindStatement, RowStatement } from 'snowflake-sdk';
import type { QueryResult } from '../adapter.js';
import { isTransient, snowflakeError } from './errors.js';
import { plainRows, type ColumnShape } from './values.js';

let configured = false;
/** The driver logs to a file in the working directory by default; it must log nothing of ours. */
function configureDriver(): void {
  if (configured) return;
  configured = true;
  snowflake.configure({ logLevel: 'OFF' } as Parameters<typeof snowflake.configure>[0]);
}

export interface StatementOptions {
  binds?: unknown[];
  queryTag?: string | null;
  /**
   * The text holds several statements (a model's sql_header before its create): sent in ONE request
   * with MULTI_STATEMENT_COUNT = 0 (any number), run in order on the session; the result is the
   * last statement's (the driver fetches each child result in turn).
   */
  multiStatement?: boolean;
}

/** A result column's Snowflake type as information_schema would name it, from the driver's metadata. */
function dataTypeOf(type: string, precision: number | undefined, scale: number | undefined): string {
  if (type === 'fixed') return `NUMBER(${precision ?? 38},${scale ?? 0})`;
  if (type === 'real') return 'FLOAT';
  if (type === 'text') return 'VARCHAR';
  return type.toUpperCase();
}

/** A statement's result, with each column's Snowflake type (for columns read from a result, not from information_schema). */
export interface SnowflakeResult extends QueryResult {
  dataTypes: string[];
}

const DML_TYPES = new Set(['number of rows inserted', 'number of rows updated', 'number of rows deleted']);

function bindValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

export class SnowflakeSession {
  private running: RowStatement | null = null;

  constructor(readonly connection: Connection) {}

  run(sql: string, options: StatementOptions = {}): Promise<SnowflakeResult> {
    return new Promise((resolve, reject) => {
      const statement = this.connection.execute({
        sqlText: sql,
        ...(options.binds && options.binds.length > 0 ? { binds: options.binds.map(bindValue) as never } : {}),
        fetchAsString: ['Number'],
        ...(options.queryTag || options.multiStatement
          ? { parameters: { ...(options.queryTag ? { QUERY_TAG: options.queryTag } : {}), ...(options.multiStatement ? { MULTI_STATEMENT_COUNT: 0 } : {}) } }
          : {}),
        complete: (error, stmt, rows) => {
          if (error) {
            this.running = null;
            reject(snowflakeError(error, sql));
            return;
          }
          // a multi-statement request: each child's result in turn, the last one answers
          const multi = stmt as Partial<FileAndStageBindStatement>;
          if (options.multiStatement && multi.hasNext?.() === true) {
            multi.NextResult!();
            return;
          }
          this.running = null;
          const described = stmt.getColumns() ?? [];
          const columns: ColumnShape[] = described.map((column) => ({ name: column.getName(), type: column.getType() }));
          const plain = plainRows((rows ?? []) as Record<string, unknown>[], columns);
          const result: SnowflakeResult = {
            columns: columns.map((column) => ({ name: column.name, type: column.type.toUpperCase() })),
            rows: plain,
            dataTypes: described.map((column) => dataTypeOf(column.getType(), column.getPrecision(), column.getScale())),
          };
          const counts = columns.filter((column) => DML_TYPES.has(column.name.toLowerCase()));
          if (counts.length > 0 && plain.length > 0) result.rowsAffected = counts.reduce((sum, column) => sum + Number(plain[0]![column.name] ?? 0), 0);
          resolve(result);
        },
      }) as RowStatement;
      this.running = statement;
    });
  }

  cancel(): void {
    this.running?.cancel(() => undefined);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.connection.isUp()) {
        resolve();
        return;
      }
      this.connection.destroy(() => resolve());
    });
  }
}

export interface PoolSettings {
  connection: ConnectionOptions;
  size: number;
  connectRetries: number;
  /** Values whose text must never appear in an error (password, token, key). */
  secrets: string[];
}

export class SessionPool {
  private readonly idle: SnowflakeSession[] = [];
  private readonly all = new Set<SnowflakeSession>();
  private readonly waiters: ((session: SnowflakeSession) => void)[] = [];
  private opening = 0;
  private closed = false;

  constructor(private readonly settings: PoolSettings) {
    configureDriver();
  }

  private async login(): Promise<SnowflakeSession> {
    let attempt = 0;
    for (;;) {
      try {
        const connection = snowflake.createConnection(this.settings.connection);
        await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
        return new SnowflakeSession(connection);
      } catch (error) {
        if (attempt >= this.settings.connectRetries || !isTransient(error)) throw snowflakeError(error, '', this.settings.secrets);
        attempt += 1;
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      }
    }
  }

  /** `overflow`: inside a transaction's work, open a session beyond the size rather than wait (no deadlock). */
  async acquire(overflow = false): Promise<SnowflakeSession> {
    const ready = this.idle.pop();
    if (ready) return ready;
    if (overflow || this.all.size + this.opening < this.settings.size) {
      this.opening += 1;
      try {
        const session = await this.login();
        this.all.add(session);
        return session;
      } finally {
        this.opening -= 1;
      }
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(session: SnowflakeSession): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(session);
    else this.idle.push(session);
  }

  async use<T>(work: (session: SnowflakeSession) => Promise<T>, overflow = false): Promise<T> {
    const session = await this.acquire(overflow);
    try {
      return await work(session);
    } finally {
      this.release(session);
    }
  }

  /** Asks Snowflake to abort every running statement (their promises then reject). */
  cancelAll(): void {
    for (const session of this.all) session.cancel();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.all].map((session) => session.close()));
    this.all.clear();
    this.idle.length = 0;
  }
}
