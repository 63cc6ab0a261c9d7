/**
 * A small pool of DuckDB connections on one instance, so up to `size` statements run in parallel.
 * Each pooled connection also serialises the calls made on it (a transaction's work may issue
 * statements concurrently; a DuckDB connection runs one at a time).
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DailiesError } from '../../errors.js';

export class PooledConnection {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly connection: DuckDBConnection) {}

  /** Runs `work` once every earlier call on this connection has finished. */
  serial<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const next = this.tail.then(() => work(this.connection));
    this.tail = next.catch(() => undefined);
    return next;
  }
}

interface Waiter {
  resolve: (connection: PooledConnection) => void;
  reject: (error: Error) => void;
}

function closedError(): DailiesError {
  return new DailiesError('internal', 'the DuckDB adapter was used after close()', {
    hint: 'open a new adapter with openAdapter(target) instead of reusing a closed one',
  });
}

export class ConnectionPool {
  private readonly idle: PooledConnection[] = [];
  private readonly all: PooledConnection[] = [];
  private readonly waiters: Waiter[] = [];
  private opening = 0;
  private inUse = 0;
  private closed = false;
  private onDrained: (() => void) | null = null;

  constructor(
    private readonly instance: DuckDBInstance,
    readonly size: number,
    /** Runs once on each new connection before it is used (a review session's `use <production>`). */
    private readonly prepare?: (connection: DuckDBConnection) => Promise<void>,
  ) {}

  /**
   * `overflow`: open a connection beyond `size` rather than wait (for calls made from inside a
   * transaction's work, which would otherwise deadlock waiting for the connection it holds).
   */
  async acquire(overflow = false): Promise<PooledConnection> {
    if (this.closed) throw closedError();
    const idle = this.idle.pop();
    if (idle) {
      this.inUse += 1;
      return idle;
    }
    if (overflow || this.all.length + this.opening < this.size) {
      this.opening += 1;
      this.inUse += 1;
      try {
        const connection = await this.instance.connect();
        try {
          await this.prepare?.(connection);
        } catch (error) {
          connection.closeSync();
          throw error;
        }
        const pooled = new PooledConnection(connection);
        this.all.push(pooled);
        return pooled;
      } catch (error) {
        this.inUse -= 1;
        throw error;
      } finally {
        this.opening -= 1;
      }
    }
    return new Promise<PooledConnection>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  release(connection: PooledConnection): void {
    const waiter = this.closed ? undefined : this.waiters.shift();
    if (waiter) {
      waiter.resolve(connection);
      return;
    }
    this.inUse -= 1;
    if (!this.closed && this.all.length > this.size) {
      // An overflow connection: close it so the pool returns to `size`.
      this.all.splice(this.all.indexOf(connection), 1);
      connection.connection.closeSync();
      return;
    }
    this.idle.push(connection);
    if (this.closed && this.inUse === 0) this.onDrained?.();
  }

  /** Runs `work` on a connection of its own, returning it to the pool afterwards. */
  async use<T>(work: (connection: PooledConnection) => Promise<T>, overflow = false): Promise<T> {
    const connection = await this.acquire(overflow);
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  /** Refuses new work, waits for connections in use to come back, then disconnects them all. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(closedError());
    if (this.inUse > 0) await new Promise<void>((resolve) => (this.onDrained = resolve));
    for (const pooled of this.all) pooled.connection.closeSync();
    this.all.length = 0;
    this.idle.length = 0;
  }
}
