/**
 * A pull request's review session on DuckDB (see `ReviewSession` in ../adapter.ts): the PR's own
 * database file beside production's, production ATTACHed READ_ONLY as every connection's default
 * catalog, file access limited to the seeds (DuckDB refuses to widen it again while running), and
 * a guard that refuses the statements that could undo all that (ATTACH, DETACH, LOAD, INSTALL …).
 */
import { existsSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DailiesError } from '../../errors.js';
import type { TargetConfig } from '../../project/types.js';
import type { Adapter, ReviewSession, ReviewSessionRequest } from '../adapter.js';
import { DuckDBAdapter } from './adapter.js';
import { ConnectionPool } from './connection-pool.js';
import { settingsOf } from './settings.js';
import { isInMemory } from './instance-registry.js';

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function productionPath(production: TargetConfig): string {
  const path = production.path;
  if (typeof path !== 'string' || path.trim() === '' || isInMemory(path)) {
    throw new DailiesError('config', `production target '${production.name}' is not a DuckDB file: a pull request cannot be reviewed against it`, {
      hint: 'give the production duckdb target a file path (e.g. `path: prod.duckdb`) in profiles.yml',
    });
  }
  return resolve(path);
}

/** Where the PR `name`'s database file lives: `<dir of production>/<production stem>__<name>.duckdb`. */
export function reviewDatabasePath(production: TargetConfig, name: string): string {
  const path = productionPath(production);
  const stem = basename(path).replace(/\..*$/, '');
  return join(dirname(path), `${stem}__${name}.duckdb`);
}

/** The target a PR build connects to (its own file); without the session's safeguards. */
export function reviewTarget(request: Pick<ReviewSessionRequest, 'production' | 'reviewer' | 'name'>): TargetConfig {
  return { ...request.production, path: reviewDatabasePath(request.production, request.name) };
}

export function reviewDatabaseExists(request: Pick<ReviewSessionRequest, 'production' | 'reviewer' | 'name'>): boolean {
  return existsSync(reviewDatabasePath(request.production, request.name));
}

/** Deletes the PR's database file (and its write-ahead log); true when there was one. */
export function discardReviewDatabase(request: Pick<ReviewSessionRequest, 'production' | 'reviewer' | 'name'>): boolean {
  const path = reviewDatabasePath(request.production, request.name);
  const existed = existsSync(path);
  for (const file of [path, `${path}.wal`, `${path}.tmp`]) rmSync(file, { recursive: true, force: true });
  return existed;
}

async function rowsOf(connection: DuckDBConnection, sql: string, params: (string | boolean)[] = []): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql, params)).getRowObjects();
}

export async function openDuckDBReviewSession(request: ReviewSessionRequest): Promise<ReviewSession> {
  const production = productionPath(request.production);
  if (!existsSync(production)) {
    throw new DailiesError('config', `production's DuckDB file ${production} does not exist`, {
      hint: 'build production first (`dailies promote` on the default branch), or check the path of the production target',
    });
  }
  const own = reviewDatabasePath(request.production, request.name);
  // every session starts from an empty database: nothing an earlier push left counts for this one
  discardReviewDatabase(request);
  const instance = await DuckDBInstance.create(own, settingsOf(request.production));
  let productionDatabase: string;
  let ownDatabase: string;
  try {
    const setup = await instance.connect();
    try {
      await setup.run(`attach ${literal(production)} (read_only)`);
      ownDatabase = String((await rowsOf(setup, 'select current_database() as db'))[0]?.db);
      // the one database besides the session's own (DuckDB names it after the file)
      const attached = await rowsOf(setup, "select database_name from duckdb_databases() where not internal and database_name <> current_database()");
      if (attached.length !== 1) throw new Error(`expected production as the one attached database, found ${attached.length}`);
      productionDatabase = String(attached[0]!.database_name);
      const readable = [...new Set(request.readablePaths.map((path) => resolve(path)))];
      // a profile's own `settings:` may not widen what the PR can touch on disk
      await setup.run('set allowed_directories = []');
      await setup.run(readable.length > 0 ? `set allowed_paths = [${readable.map(literal).join(', ')}]` : 'set allowed_paths = []');
      // from here on DuckDB refuses to widen file access again (no lock_configuration: a project's
      // own `set timezone = …` hooks keep working)
      await setup.run('set enable_external_access = false');
    } finally {
      setup.closeSync();
    }
  } catch (error) {
    instance.closeSync();
    const message = error instanceof Error ? error.message : String(error);
    throw new DailiesError('warehouse', `cannot open the review database ${own} with production attached read-only: ${message}`, {
      hint: 'check that no other process writes production while the review runs, and that the folder of the production file is writable',
      cause: error,
    });
  }
  const threads = Number.isFinite(request.production.threads) && request.production.threads >= 1 ? Math.floor(request.production.threads) : 1;
  const pool = new ConnectionPool(instance, threads, async (connection) => {
    await connection.run(`use ${quote(productionDatabase)}`);
  });
  const lease = { instance, release: () => instance.closeSync() };
  const adapter = new DuckDBAdapter(lease, pool, productionDatabase, { guarded: true });
  const target: TargetConfig = { ...request.production, path: own, database: ownDatabase };
  return {
    adapter,
    target,
    productionDatabase,
    verifyCannotWriteProduction: () => verifyReadOnly(adapter, productionDatabase),
    async strayRelations(isOwn) {
      const stray: string[] = [];
      for (const schema of await adapter.listSchemas(ownDatabase)) {
        if (isOwn(schema)) continue;
        for (const relation of await adapter.listRelations(ownDatabase, schema)) stray.push(adapter.renderRelation(relation));
      }
      return stray.sort();
    },
    close: () => adapter.close(),
  };
}

/** Refuses unless production is attached read-only, is the default catalog, and file access is off. */
export async function verifyReadOnly(adapter: Adapter, productionDatabase: string): Promise<void> {
  const problems: string[] = [];
  const databases = await adapter.execute('select readonly from duckdb_databases() where database_name = ?', [productionDatabase]);
  if (databases.rows[0]?.readonly !== true) problems.push(`production (${productionDatabase}) is attached with write access`);
  const settings = await adapter.execute(
    "select name, value from duckdb_settings() where name = 'enable_external_access'",
  );
  const setting = (name: string) => String(settings.rows.find((row) => row.name === name)?.value ?? '').toLowerCase();
  if (setting('enable_external_access') !== 'false') problems.push('file access is not restricted');
  const current = await adapter.execute('select current_database() as db');
  if (String(current.rows[0]?.db) !== productionDatabase) problems.push('production is not the default catalog');
  if (problems.length === 0) {
    try {
      await adapter.execute(`create schema ${quote(productionDatabase)}.${quote('dailies_write_probe')}`);
      problems.push('a probe could create a schema in production');
      await adapter.execute(`drop schema if exists ${quote(productionDatabase)}.${quote('dailies_write_probe')}`).catch(() => undefined);
    } catch {
      // refused, as it must be
    }
  }
  if (problems.length > 0) {
    throw new DailiesError('config', `the pull request's connection could write production: ${problems.join('; ')}`, {
      hint: 'the review refuses to build; open the review through openReviewSession (production attached READ_ONLY), never with the production adapter',
    });
  }
}
