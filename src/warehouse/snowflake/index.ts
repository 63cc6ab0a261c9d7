/**
 * Opens a Snowflake adapter for a profile target (`type: snowflake`, dbt-snowflake's keys; see
 * profile.ts and docs/snowflake.md). The first session logs in here, so a wrong account, user,
 * credential, role or warehouse fails at open with Snowflake's code and message.
 */
import type { TargetConfig } from '../../project/types.js';
import { SnowflakeAdapter } from './adapter.js';
import { SessionPool } from './pool.js';
import { snowflakeSettings } from './profile.js';

export { SnowflakeAdapter } from './adapter.js';
export { SnowflakeError } from './errors.js';

function secretsOf(options: Record<string, unknown>): string[] {
  return ['password', 'token', 'privateKey', 'privateKeyPass'].map((key) => options[key]).filter((value): value is string => typeof value === 'string');
}

export async function openSnowflakeAdapter(target: TargetConfig): Promise<SnowflakeAdapter> {
  const settings = snowflakeSettings(target);
  const pool = new SessionPool({
    connection: settings.connection,
    size: settings.threads,
    connectRetries: settings.connectRetries,
    secrets: [...secretsOf(settings.connection as Record<string, unknown>), ...['password', 'token', 'private_key', 'private_key_passphrase'].map((key) => target[key]).filter((value): value is string => typeof value === 'string')],
  });
  try {
    pool.release(await pool.acquire());
  } catch (error) {
    await pool.close();
    throw error;
  }
  return new SnowflakeAdapter(pool, { database: settings.database, queryTag: settings.queryTag, load: settings.load });
}
export { openSnowflakeReviewSession } from './review-session.js';
