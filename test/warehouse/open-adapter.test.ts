import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DailiesError } from '../../src/errors.js';
import { openAdapter } from '../../src/warehouse/index.js';
import { failureOf } from './helpers.js';

const target = (extra: Record<string, unknown>) => ({ name: 'dev', type: 'duckdb', schema: 'main', threads: 2, ...extra });

describe('openAdapter', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('rejects an unknown warehouse type with a config error naming it and the supported ones', async () => {
    const error = await failureOf(openAdapter(target({ type: 'postgres' })));
    expect(error).toBeInstanceOf(DailiesError);
    expect((error as DailiesError).kind).toBe('config');
    expect((error as DailiesError).message).toContain("'postgres'");
    expect((error as DailiesError).message).toContain('duckdb');
  });

  it('refuses a snowflake target without an account before connecting, naming the key', async () => {
    const error = await failureOf(openAdapter(target({ type: 'snowflake' })));
    expect((error as DailiesError).kind).toBe('config');
    expect((error as DailiesError).message).toMatch(/target 'dev'.*`account` is required/);
  });

  it('opens :memory: with the catalog name memory', async () => {
    const adapter = await openAdapter(target({ path: ':memory:' }));
    expect(adapter.type).toBe('duckdb');
    expect(adapter.defaultDatabase).toBe('memory');
    await adapter.close();
  });

  it('creates the folder of a file database and names the catalog after the file stem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dailies-open-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'deeper', 'dev.duckdb');
    const adapter = await openAdapter(target({ path }));
    expect(existsSync(join(dir, 'nested', 'deeper'))).toBe(true);
    expect(adapter.defaultDatabase).toBe('dev');
    await adapter.execute('create table t as select 42 as answer');
    await adapter.close();
    await adapter.close(); // safe twice

    const reopened = await openAdapter(target({ path }));
    expect((await reopened.execute('select answer from t')).rows).toEqual([{ answer: 42 }]);
    await reopened.close();
  });

  it('shares one DuckDB instance between adapters on the same file until the last closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dailies-open-'));
    dirs.push(dir);
    const path = join(dir, 'shared.duckdb');
    const first = await openAdapter(target({ path }));
    const second = await openAdapter(target({ path }));
    await first.execute('create table seen as select 1 as x');
    expect((await second.execute('select x from seen')).rows).toEqual([{ x: 1 }]);
    await first.close();
    expect((await second.execute('select count(*) as n from seen')).rows).toEqual([{ n: 1 }]);
    await second.close();
  });

  it('refuses work after close with an internal error', async () => {
    const adapter = await openAdapter(target({ path: ':memory:' }));
    await adapter.close();
    await expect(adapter.execute('select 1')).rejects.toThrow(/after close/);
  });

  it('passes settings to DuckDB', async () => {
    const adapter = await openAdapter(target({ path: ':memory:', settings: { threads: 1 } }));
    expect((await adapter.execute("select current_setting('threads') as t")).rows).toEqual([{ t: 1 }]);
    await adapter.close();
  });
});
