/**
 * A pull request's review session on Snowflake: the build connects as the review's own target (a
 * PR user and role that can read production and owns only the PR schemas), never as production.
 * Before anything is built the session checks that this is so: a review that would connect with
 * production's identity, or whose role holds a write privilege on production's database, is
 * refused with the grants to fix (docs/snowflake.md, "Grants").
 */
import { DailiesError } from '../../errors.js';
import type { TargetConfig } from '../../project/types.js';
import type { ReviewSession, ReviewSessionRequest } from '../adapter.js';
import type { SnowflakeAdapter } from './adapter.js';

/** Privileges that let a role change what production holds. */
const WRITE_PRIVILEGES = new Set(['OWNERSHIP', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'CREATE TABLE', 'CREATE VIEW', 'CREATE DYNAMIC TABLE', 'MODIFY', 'ALL', 'ALL PRIVILEGES']);

function identityOf(target: TargetConfig): string {
  const field = (name: string) => String(target[name] ?? '').trim().toUpperCase();
  return `${field('account')}|${field('user')}|${field('role')}`;
}

export async function openSnowflakeReviewSession(request: ReviewSessionRequest, open: (target: TargetConfig) => Promise<SnowflakeAdapter>): Promise<ReviewSession> {
  const adapter = await open(request.reviewer);
  const productionDatabase = String(request.production.database ?? adapter.defaultDatabase);
  const productionSchema = adapter.normalizeIdentifier(String(request.production.schema));
  return {
    adapter,
    target: request.reviewer,
    productionDatabase,
    async verifyCannotWriteProduction() {
      const grantsHint =
        "give the review its own target in profiles.yml (a PR user with a PR role: USAGE on production's database and schemas, SELECT on its tables and views, CREATE SCHEMA on the PR database) and pass it as --target, production as --prod-target; see docs/snowflake.md, 'Grants'";
      if (request.reviewer.name === request.production.name || identityOf(request.reviewer) === identityOf(request.production)) {
        throw new DailiesError('config', `the review would connect to Snowflake as production does (target '${request.reviewer.name}', user ${String(request.reviewer.user ?? '?')}, role ${String(request.reviewer.role ?? 'default')}): a pull request's hooks and macros could then write production`, {
          hint: grantsHint,
        });
      }
      const role = (await adapter.execute('select current_role() as role')).rows[0];
      const roleName = String(Object.values(role ?? {})[0] ?? '');
      if (!roleName) return;
      const grants = (await adapter.execute(`show grants to role ${adapter.quoteIdentifier(roleName)}`)).rows;
      const database = adapter.normalizeIdentifier(productionDatabase);
      const field = (row: Record<string, unknown>, name: string) => String(row[name] ?? row[name.toUpperCase()] ?? '');
      const writes = grants.filter((row) => {
        const privilege = field(row, 'privilege').toUpperCase();
        const on = field(row, 'name').replaceAll('"', '').toUpperCase();
        const onProduction = on === database || on.startsWith(`${database}.${productionSchema}`);
        return WRITE_PRIVILEGES.has(privilege) && onProduction;
      });
      if (writes.length > 0) {
        const listed = writes.slice(0, 5).map((row) => `${field(row, 'privilege')} on ${field(row, 'granted_on')} ${field(row, 'name')}`).join('; ');
        throw new DailiesError('config', `the review's role ${roleName} can write production: ${listed}`, {
          hint: `revoke these from the PR role (e.g. revoke ${field(writes[0]!, 'privilege')} on ${field(writes[0]!, 'granted_on').toLowerCase()} ${field(writes[0]!, 'name')} from role ${roleName}); ${grantsHint}`,
        });
      }
    },
    // the PR role can create only where its grants let it (the PR database); there is no file of its own to inspect
    async strayRelations() {
      return [];
    },
    close: () => adapter.close(),
  };
}
