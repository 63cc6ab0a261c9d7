/**
 * Every auth path builds the login request the driver documents. The stand-in verifies nothing,
 * so these tests read what the driver sent (its login log) and decode the key-pair JWT's claims.
 * A canary: no credential appears in any error message.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DailiesError } from '../../../src/errors.js';
import { openAdapter } from '../../../src/warehouse/index.js';
import { snowflakeSettings } from '../../../src/warehouse/snowflake/profile.js';
import { failureOf } from '../helpers.js';
import { realAccount, skipReason, useSnowflake } from './helpers.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const plainPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const encryptedPem = privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'canary-passphrase-7731' }).toString();
const dir = mkdtempSync(join(tmpdir(), 'dailies-sf-auth-'));
const keyPath = join(dir, 'rsa_key.p8');
writeFileSync(keyPath, encryptedPem);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function claimsOf(jwt: unknown): Record<string, unknown> {
  return JSON.parse(Buffer.from(String(jwt).split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe.skipIf(skipReason !== null || realAccount)('Snowflake logins (stand-in shows what the driver sent)', () => {
  const world = useSnowflake();
  const base = () => {
    const target = world.target();
    delete target.password;
    return target;
  };

  async function loginWith(extra: Record<string, unknown>): Promise<Record<string, unknown>> {
    const before = (await world.standIn!.logins()).length;
    const adapter = await openAdapter({ ...base(), ...extra } as never);
    await adapter.execute('select 1 as one');
    await adapter.close();
    const logins = await world.standIn!.logins();
    expect(logins.length).toBeGreaterThan(before);
    return logins.at(-1)!;
  }

  it('key pair from an encrypted PKCS#8 file: a JWT for ACCOUNT.USER signed with the key', async () => {
    const login = await loginWith({ private_key_path: keyPath, private_key_passphrase: 'canary-passphrase-7731', role: 'TRANSFORMER', warehouse: 'WH' });
    expect(login.AUTHENTICATOR).toBe('SNOWFLAKE_JWT');
    const claims = claimsOf(login.TOKEN);
    expect(String(claims.iss)).toMatch(/^DAILIES\.TESTER\.SHA256:/);
    expect(claims.sub).toBe('DAILIES.TESTER');
    expect(login.role).toBe('TRANSFORMER');
    expect(login.warehouse).toBe('WH');
  });

  it('key pair from an unencrypted PEM in the profile', async () => {
    const login = await loginWith({ private_key: plainPem });
    expect(login.AUTHENTICATOR).toBe('SNOWFLAKE_JWT');
    expect(claimsOf(login.TOKEN).sub).toBe('DAILIES.TESTER');
  });

  it('programmatic access token and OAuth token', async () => {
    expect(await loginWith({ authenticator: 'programmatic_access_token', token: 'pat-canary-1' })).toMatchObject({ AUTHENTICATOR: 'PROGRAMMATIC_ACCESS_TOKEN', TOKEN: 'pat-canary-1' });
    expect(await loginWith({ authenticator: 'oauth', token: 'oauth-canary-2' })).toMatchObject({ AUTHENTICATOR: 'OAUTH', TOKEN: 'oauth-canary-2' });
  });

  it('workload identity federation with an OIDC token (GitHub Actions id-token), no user needed', async () => {
    const previous = process.env.SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES;
    process.env.SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES = '127.0.0.1';
    try {
      const target = base();
      delete target.user;
      const oidc = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"iss":"https://token.actions.githubusercontent.com","sub":"repo:o/r:ref:refs/heads/main"}').toString('base64url')}.sig`;
      const before = (await world.standIn!.logins()).length;
      const adapter = await openAdapter({ ...target, authenticator: 'workload_identity', workload_identity_provider: 'oidc', token: oidc } as never);
      await adapter.close();
      const login = (await world.standIn!.logins()).slice(before).at(-1)!;
      expect(login).toMatchObject({ AUTHENTICATOR: 'WORKLOAD_IDENTITY', PROVIDER: 'OIDC', TOKEN: oidc });
    } finally {
      if (previous === undefined) delete process.env.SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES;
      else process.env.SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES = previous;
    }
  });

  it('password (people only)', async () => {
    expect(await loginWith({ password: 'pw-canary-3' })).toMatchObject({ AUTHENTICATOR: 'SNOWFLAKE', PASSWORD: 'pw-canary-3' });
  });

  it('an unreachable account fails at open with a hint, fast, and names no credential', async () => {
    const error = await failureOf(openAdapter({ ...base(), password: 'pw-canary-4', access_url: 'http://127.0.0.1:9', connect_retries: 0, connect_timeout: 5 } as never));
    expect(error).toBeInstanceOf(DailiesError);
    expect(error.hint).toMatch(/could not be reached|account/);
    expect(`${error.message} ${error.hint} ${String(error.stack)}`).not.toContain('pw-canary-4');
  });
});

describe('Snowflake profiles', () => {
  const target = (extra: Record<string, unknown>) => ({ name: 'prod', type: 'snowflake', schema: 'ANALYTICS', threads: 8, account: 'org-acct', user: 'svc', database: 'DB', ...extra });

  it('reads dbt-snowflake keys: threads size the pool, query_tag, keep-alive, retries', () => {
    const settings = snowflakeSettings(target({ password: 'x', query_tag: 'team', client_session_keep_alive: true, connect_retries: 3, connect_timeout: 20, role: 'R', warehouse: 'W' }));
    expect(settings).toMatchObject({ threads: 8, queryTag: 'team', connectRetries: 3, connectTimeoutMs: 20_000, authKind: 'password' });
    expect(settings.connection).toMatchObject({ account: 'org-acct', username: 'svc', role: 'R', warehouse: 'W', database: 'DB', schema: 'ANALYTICS', clientSessionKeepAlive: true });
  });

  it('refuses a key that does not decrypt, without quoting the key or the passphrase', () => {
    let caught: unknown;
    try {
      snowflakeSettings(target({ private_key: encryptedPem, private_key_passphrase: 'wrong-canary-5' }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DailiesError);
    const text = `${(caught as DailiesError).message} ${(caught as DailiesError).hint}`;
    expect(text).toMatch(/cannot be read with the given private_key_passphrase/);
    expect(text).not.toContain('wrong-canary-5');
    expect(text).not.toContain(encryptedPem.split('\n')[1]!);
  });

  it('names the missing piece: no credentials, a token-less PAT', () => {
    expect(() => snowflakeSettings(target({}))).toThrow(/no credentials/);
    expect(() => snowflakeSettings(target({ authenticator: 'programmatic_access_token' }))).toThrow(/needs `token`/);
  });
});
