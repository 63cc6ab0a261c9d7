/**
 * Where the Snowflake tests run: the local stand-in (started once per test file), or a real
 * account when SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, SNOWFLAKE_DATABASE and a credential
 * (SNOWFLAKE_PRIVATE_KEY_PATH, SNOWFLAKE_TOKEN or SNOWFLAKE_PASSWORD) are set — see docs/snowflake.md.
 * Each test works in its own schema, so files and tests never see each other's tables.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { TargetConfig } from '../../../src/project/types.js';
import { openAdapter } from '../../../src/warehouse/index.js';
import type { SnowflakeAdapter } from '../../../src/warehouse/snowflake/index.js';
import { standInMissing, startStandIn, type StandIn } from '../../fixtures/snowflake/stand-in.js';

const env = process.env;
export const realAccount = Boolean(env.SNOWFLAKE_ACCOUNT && env.SNOWFLAKE_USER && env.SNOWFLAKE_DATABASE);
/** Why the suite is skipped here, or null. Throws under CI=true when the stand-in's venv is missing. */
export const skipReason: string | null = realAccount ? null : standInMissing();
if (skipReason) console.warn(`skipping Snowflake tests: ${skipReason}`);

export interface SnowflakeWorld {
  /** The stand-in, or null against a real account (statement logs are then not available). */
  standIn: StandIn | null;
  target(extra?: Record<string, unknown>): TargetConfig;
  open(extra?: Record<string, unknown>): Promise<SnowflakeAdapter>;
  /** A fresh schema name for one test. */
  schema(prefix?: string): string;
}

/** Starts the stand-in for this file (beforeAll) and stops it (afterAll). */
export function useSnowflake(): SnowflakeWorld {
  let standIn: StandIn | null = null;
  const opened: SnowflakeAdapter[] = [];
  beforeAll(async () => {
    if (!realAccount && !skipReason) standIn = await startStandIn();
  });
  afterAll(async () => {
    await Promise.all(opened.splice(0).map((adapter) => adapter.close()));
    await standIn?.stop();
  });
  const world: SnowflakeWorld = {
    get standIn() {
      return standIn;
    },
    target(extra = {}) {
      const base: TargetConfig = realAccount
        ? {
            name: 'snowflake_test',
            type: 'snowflake',
            account: env.SNOWFLAKE_ACCOUNT,
            user: env.SNOWFLAKE_USER,
            database: env.SNOWFLAKE_DATABASE,
            schema: 'DAILIES_TEST',
            threads: 4,
            ...(env.SNOWFLAKE_ROLE ? { role: env.SNOWFLAKE_ROLE } : {}),
            ...(env.SNOWFLAKE_WAREHOUSE ? { warehouse: env.SNOWFLAKE_WAREHOUSE } : {}),
            ...(env.SNOWFLAKE_PRIVATE_KEY_PATH ? { private_key_path: env.SNOWFLAKE_PRIVATE_KEY_PATH, private_key_passphrase: env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE } : {}),
            ...(env.SNOWFLAKE_TOKEN ? { authenticator: 'programmatic_access_token', token: env.SNOWFLAKE_TOKEN } : {}),
            ...(env.SNOWFLAKE_PASSWORD ? { password: env.SNOWFLAKE_PASSWORD } : {}),
          }
        : { name: 'snowflake_local', type: 'snowflake', account: 'dailies', user: 'tester', password: 'stand-in', database: 'DAILIES', schema: 'PUBLIC', threads: 4, access_url: standIn!.url };
      return { ...base, ...extra } as TargetConfig;
    },
    async open(extra = {}) {
      const adapter = (await openAdapter(world.target(extra))) as SnowflakeAdapter;
      opened.push(adapter);
      return adapter;
    },
    schema(prefix = 'T') {
      return `${prefix}_${randomBytes(4).toString('hex')}`.toUpperCase();
    },
  };
  return world;
}
