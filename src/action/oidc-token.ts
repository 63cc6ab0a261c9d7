/**
 * Workload identity federation from GitHub Actions: when a Snowflake target of the project's
 * profile logs in with `authenticator: workload_identity` (provider OIDC) and is given no token,
 * the Action asks GitHub for the job's OIDC id-token (the job needs `permissions: id-token: write`)
 * and hands it to the project as SNOWFLAKE_OIDC_TOKEN, the variable the profile reads
 * (`token: "{{ env_var('SNOWFLAKE_OIDC_TOKEN', '') }}"`). The caller registers the token with the
 * redactor before anything can print it.
 */
import { DailiesError } from '../errors.js';
import { scanProfiles, type ProfilesLocation } from '../project/profiles-scan.js';
import { isPlainMap } from '../project/yaml-shapes.js';

/** The environment variable the token reaches the project through. */
export const OIDC_TOKEN_VARIABLE = 'SNOWFLAKE_OIDC_TOKEN';
/** The audience Snowflake expects of an OIDC token when the user's workload identity sets no OIDC_AUDIENCE_LIST. */
export const DEFAULT_OIDC_AUDIENCE = 'snowflakecomputing.com';

/**
 * Names (`profile.target`) of the Snowflake targets that log in by workload identity with an OIDC
 * token and are given none (no `token`, or one that renders empty with `env`). Never throws: an
 * unreadable profile gives none (the command itself reports the problem).
 */
export function targetsWantingOidcToken(location: ProfilesLocation): string[] {
  const scanned = scanProfiles(location);
  if (!scanned) return [];
  const { file, root, renderer } = scanned;
  const render = (value: unknown): string => {
    if (value === undefined || value === null) return '';
    try {
      return String(renderer.render(String(value), { file }) ?? '').trim();
    } catch {
      return ''; // env_var() of an unset variable: no token given
    }
  };
  const wanting: string[] = [];
  if (!isPlainMap(root)) return wanting;
  for (const [profile, body] of Object.entries(root)) {
    if (!isPlainMap(body) || !isPlainMap(body.outputs)) continue;
    for (const [name, target] of Object.entries(body.outputs)) {
      if (!isPlainMap(target) || render(target.type).toLowerCase() !== 'snowflake') continue;
      if (render(target.authenticator).toLowerCase() !== 'workload_identity') continue;
      const provider = render(target.workload_identity_provider).toLowerCase();
      if (provider !== '' && provider !== 'oidc') continue;
      if (render(target.token) === '') wanting.push(`${profile}.${name}`);
    }
  }
  return wanting;
}

/**
 * The job's OIDC id-token for `audience`, from the runner's token service
 * (ACTIONS_ID_TOKEN_REQUEST_URL, authorised by ACTIONS_ID_TOKEN_REQUEST_TOKEN), as
 * @actions/core's getIDToken asks for it. The token is never part of an error.
 */
export async function requestOidcToken(env: Record<string, string | undefined>, audience: string): Promise<string> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer) {
    throw new DailiesError('config', 'a Snowflake target logs in with workload identity (OIDC), but this job cannot ask GitHub for an OIDC token', {
      hint: 'grant the job `permissions: id-token: write` (see docs/snowflake.md), or give the target a token',
    });
  }
  const address = new URL(url);
  address.searchParams.set('audience', audience);
  let response: Response;
  try {
    response = await fetch(address, { headers: { Authorization: `bearer ${bearer}`, Accept: 'application/json; api-version=2.0' } });
  } catch (error) {
    throw new DailiesError('warehouse', `could not reach GitHub's OIDC token service: ${(error as Error).message}`, { hint: 'retry the job; GitHub may be having trouble' });
  }
  const body = (await response.json().catch(() => null)) as { value?: unknown } | null;
  if (!response.ok || typeof body?.value !== 'string' || body.value === '') {
    throw new DailiesError('warehouse', `GitHub's OIDC token service answered ${response.status} without a token`, {
      hint: 'check that the job has `permissions: id-token: write`; forks never get one',
    });
  }
  return body.value;
}
