/**
 * A `type: snowflake` target as dbt-snowflake users write it → the options of `snowflake-sdk`.
 * Auth: key pair (`private_key` PEM or base64 DER, or `private_key_path`, either optionally
 * encrypted with `private_key_passphrase`), `authenticator: programmatic_access_token | oauth` +
 * `token`, `authenticator: workload_identity` + `workload_identity_provider` (OIDC + `token`, e.g.
 * the GitHub Actions id-token), `password` (people only: Snowflake refuses password logins of
 * service users), or `externalbrowser`. Every error names the target and never a credential.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'snowflake-sdk';
import { DailiesError } from '../../errors.js';
import type { TargetConfig } from '../../project/types.js';
import type { SnowflakeLoadSettings } from './stage-loader.js';

export interface SnowflakeSettings {
  /** The driver's options, credentials included: never print them. */
  connection: ConnectionOptions;
  database: string;
  schema: string;
  threads: number;
  queryTag: string | null;
  /** Extra login attempts after a transient failure, and the timeout of one attempt (ms). */
  connectRetries: number;
  connectTimeoutMs: number;
  /** How the target logs in, for messages (e.g. `key pair`). */
  authKind: string;
  /** Loading an S3 landing zone (`load_storage_integration`, `load_stage`; see stage-loader.ts). */
  load: SnowflakeLoadSettings;
}

function fail(target: TargetConfig, message: string, hint: string): never {
  throw new DailiesError('config', `target '${target.name}': ${message}`, { hint });
}

function text(target: TargetConfig, key: string): string | undefined {
  const value = target[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'object') fail(target, `\`${key}\` must be text`, `write \`${key}:\` as a single value in profiles.yml`);
  return String(value);
}

function required(target: TargetConfig, key: string, hint: string): string {
  return text(target, key) ?? fail(target, `\`${key}\` is required for a snowflake target`, hint);
}

function whole(target: TargetConfig, key: string, fallback: number): number {
  const value = target[key];
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) fail(target, `\`${key}\` must be a whole number`, `write e.g. \`${key}: ${fallback}\``);
  return number;
}

function flag(target: TargetConfig, key: string): boolean | undefined {
  const value = target[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (/^(true|yes|1)$/i.test(String(value))) return true;
  if (/^(false|no|0)$/i.test(String(value))) return false;
  return fail(target, `\`${key}\` must be true or false`, `write \`${key}: true\` or \`${key}: false\``);
}

/** PEM (PKCS#8 or PKCS#1, encrypted or not) or base64 DER → an unencrypted PKCS#8 PEM for the driver. */
function privateKeyPem(target: TargetConfig, key: string | Buffer, passphrase: string | undefined, from: string): string {
  try {
    const pem = typeof key === 'string' ? key.trim() : key.toString('utf8').trim();
    const input = pem.startsWith('-----BEGIN')
      ? { key: pem, format: 'pem' as const, passphrase }
      : { key: Buffer.from(pem.replace(/\s+/g, ''), 'base64'), format: 'der' as const, type: 'pkcs8' as const, passphrase };
    return createPrivateKey(input).export({ format: 'pem', type: 'pkcs8' }).toString();
  } catch {
    // The driver's or OpenSSL's message may quote the key: say only what was wrong.
    return fail(
      target,
      `the private key from ${from} cannot be read${passphrase ? ' with the given private_key_passphrase' : ' (is it encrypted? then set private_key_passphrase)'}`,
      'give a PEM (-----BEGIN PRIVATE KEY----- or ENCRYPTED PRIVATE KEY) or base64 DER PKCS#8 key, with private_key_passphrase when it is encrypted',
    );
  }
}

function authOptions(target: TargetConfig): { options: Partial<ConnectionOptions>; kind: string } {
  const authenticator = (text(target, 'authenticator') ?? '').toLowerCase();
  const passphrase = text(target, 'private_key_passphrase');
  const privateKey = text(target, 'private_key');
  const privateKeyPath = text(target, 'private_key_path');
  const token = text(target, 'token');
  if (privateKey || privateKeyPath || authenticator === 'snowflake_jwt') {
    if (!privateKey && !privateKeyPath) fail(target, 'authenticator snowflake_jwt needs private_key or private_key_path', 'set private_key_path: /path/to/rsa_key.p8 (and private_key_passphrase when the key is encrypted)');
    let key: string;
    if (privateKey) {
      key = privateKeyPem(target, privateKey, passphrase, 'private_key');
    } else {
      let raw: Buffer;
      try {
        raw = readFileSync(privateKeyPath!);
      } catch {
        return fail(target, `cannot read private_key_path ${privateKeyPath}`, 'check the path of the key file and that this user may read it');
      }
      key = privateKeyPem(target, raw, passphrase, `private_key_path ${privateKeyPath}`);
    }
    return { options: { authenticator: 'SNOWFLAKE_JWT', privateKey: key }, kind: 'key pair' };
  }
  if (authenticator === 'oauth' || authenticator === 'programmatic_access_token') {
    if (!token) fail(target, `authenticator ${authenticator} needs \`token\``, "set token: \"{{ env_var('SNOWFLAKE_TOKEN') }}\"");
    const name = authenticator === 'oauth' ? 'OAUTH' : 'PROGRAMMATIC_ACCESS_TOKEN';
    return { options: { authenticator: name, token }, kind: authenticator === 'oauth' ? 'OAuth token' : 'programmatic access token' };
  }
  if (authenticator === 'workload_identity') {
    const provider = (text(target, 'workload_identity_provider') ?? (token ? 'OIDC' : '')).toUpperCase();
    if (!['OIDC', 'AWS', 'AZURE', 'GCP'].includes(provider)) {
      fail(target, 'authenticator workload_identity needs workload_identity_provider (oidc, aws, azure or gcp)', 'for GitHub Actions: workload_identity_provider: oidc and token: the job\'s OIDC id-token');
    }
    if (provider === 'OIDC' && !token) {
      fail(
        target,
        'workload identity with provider oidc needs `token` (the OIDC id-token)',
        "set token: \"{{ env_var('SNOWFLAKE_OIDC_TOKEN', '') }}\"; in GitHub Actions grant the job `permissions: id-token: write` and dailies' Action requests the token and passes it as SNOWFLAKE_OIDC_TOKEN",
      );
    }
    const options = { authenticator: 'WORKLOAD_IDENTITY', workloadIdentityProvider: provider, ...(token ? { token } : {}) } as Partial<ConnectionOptions>;
    return { options, kind: `workload identity (${provider.toLowerCase()})` };
  }
  if (authenticator === 'externalbrowser') return { options: { authenticator: 'EXTERNALBROWSER' }, kind: 'browser SSO' };
  const password = text(target, 'password');
  if (password !== undefined) {
    const name = authenticator === 'username_password_mfa' ? 'USERNAME_PASSWORD_MFA' : 'SNOWFLAKE';
    return { options: { authenticator: name, password }, kind: 'password' };
  }
  return fail(
    target,
    'no credentials: set private_key_path (key pair), authenticator + token (programmatic_access_token, oauth, workload_identity) or password',
    'service users log in with a key pair, a programmatic access token or workload identity; password logins are for people only',
  );
}

export function snowflakeSettings(target: TargetConfig): SnowflakeSettings {
  const account = required(target, 'account', 'set account: <orgname>-<account_name> (or the account locator)');
  const user = text(target, 'user');
  const auth = authOptions(target);
  const workloadIdentity = auth.options.authenticator === 'WORKLOAD_IDENTITY';
  if (!user && !workloadIdentity) fail(target, '`user` is required for a snowflake target', 'set user: <login name>');
  const database = required(target, 'database', 'set database: <the database models are built in>');
  const connectTimeoutMs = whole(target, 'connect_timeout', 30) * 1000;
  const keepAlive = flag(target, 'client_session_keep_alive');
  const accessUrl = text(target, 'access_url');
  const connection: ConnectionOptions = {
    account,
    ...(user ? { username: user } : {}),
    ...auth.options,
    database,
    schema: target.schema,
    ...(text(target, 'role') ? { role: text(target, 'role') } : {}),
    ...(text(target, 'warehouse') ? { warehouse: text(target, 'warehouse') } : {}),
    ...(keepAlive !== undefined ? { clientSessionKeepAlive: keepAlive } : {}),
    ...(accessUrl ? { accessUrl } : {}),
    application: 'dailies',
    timeout: connectTimeoutMs,
    sfRetryMaxLoginRetries: 0,
  } as ConnectionOptions;
  return {
    connection,
    database,
    schema: target.schema,
    threads: Number.isFinite(target.threads) && target.threads >= 1 ? Math.floor(target.threads) : 1,
    queryTag: text(target, 'query_tag') ?? null,
    connectRetries: whole(target, 'connect_retries', 1),
    connectTimeoutMs,
    authKind: auth.kind,
    load: { storageIntegration: text(target, 'load_storage_integration') ?? null, stage: text(target, 'load_stage') ?? null },
  };
}
