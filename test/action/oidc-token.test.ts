/**
 * Workload identity federation from the Action: a Snowflake target with `authenticator:
 * workload_identity` (OIDC) and no token makes the Action ask GitHub's token service (here a fake
 * on 127.0.0.1) for the job's id-token, which reaches Snowflake's login (the stand-in shows what
 * it received) and is masked everywhere.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionIO } from '../../src/action/action-io.js';
import { createGithubClient } from '../../src/action/github-client.js';
import { DEFAULT_OIDC_AUDIENCE, requestOidcToken, targetsWantingOidcToken } from '../../src/action/oidc-token.js';
import { reviewLibrary } from '../../src/action/review-library.js';
import { runAction } from '../../src/action/run-action.js';
import { standInMissing, startStandIn, type StandIn } from '../fixtures/snowflake/stand-in.js';

const OIDC = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"iss":"https://token.actions.githubusercontent.com","aud":"snowflakecomputing.com"}').toString('base64url')}.oidc-canary-signature`;
const REQUEST_TOKEN = 'runner-request-token-canary';

/** GitHub's token service as the runner exposes it: GET <url>&audience=…, `Authorization: bearer <request token>`. */
class FakeTokenService {
  readonly requests: { audience: string | null; authorization: string | undefined }[] = [];
  private server: Server | null = null;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      this.requests.push({ audience: url.searchParams.get('audience'), authorization: request.headers.authorization });
      const authorised = request.headers.authorization === `bearer ${REQUEST_TOKEN}`;
      response.writeHead(authorised ? 200 : 401, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(authorised ? { value: OIDC } : { message: 'Bad credentials' }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/_apis/distributedtask/hubs/build/plans/1/jobs/1/idtoken?api-version=2.0`;
  }
  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const service = new FakeTokenService();
const dir = mkdtempSync(path.join(os.tmpdir(), 'dailies-oidc-'));
beforeAll(() => service.start());
afterAll(async () => {
  await service.stop();
  rmSync(dir, { recursive: true, force: true });
});

function project(name: string, profile: Record<string, unknown>): string {
  const projectDir = path.join(dir, name);
  mkdirSync(projectDir, { recursive: true });
  writeFileSync(path.join(projectDir, 'dbt_project.yml'), 'name: shop\nprofile: shop\nversion: "1.0"\n');
  writeFileSync(path.join(projectDir, 'profiles.yml'), JSON.stringify({ shop: { target: 'pr', outputs: profile } }));
  return projectDir;
}

const workloadIdentity = { type: 'snowflake', account: 'dailies', authenticator: 'workload_identity', workload_identity_provider: 'oidc', database: 'DAILIES', schema: 'PUBLIC' };

describe('which targets want an OIDC token', () => {
  it('lists workload identity (OIDC) targets given no token, not those with one or with another login', () => {
    const projectDir = project('which', {
      pr: { ...workloadIdentity, token: "{{ env_var('SNOWFLAKE_OIDC_TOKEN', '') }}" },
      bare: workloadIdentity,
      aws: { ...workloadIdentity, workload_identity_provider: 'aws' },
      keys: { type: 'snowflake', account: 'dailies', user: 'u', private_key_path: '/k.p8', database: 'D', schema: 'S' },
      duck: { type: 'duckdb', path: 'x.duckdb', schema: 'main' },
    });
    expect(targetsWantingOidcToken({ projectDir, env: {} })).toEqual(['shop.pr', 'shop.bare']);
    expect(targetsWantingOidcToken({ projectDir, env: { SNOWFLAKE_OIDC_TOKEN: 'given' } })).toEqual(['shop.bare']);
  });
});

describe("requesting the job's OIDC token", () => {
  it('asks the runner URL with the request token and the audience', async () => {
    const before = service.requests.length;
    const token = await requestOidcToken({ ACTIONS_ID_TOKEN_REQUEST_URL: service.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN }, DEFAULT_OIDC_AUDIENCE);
    expect(token).toBe(OIDC);
    expect(service.requests.slice(before)).toEqual([{ audience: 'snowflakecomputing.com', authorization: `bearer ${REQUEST_TOKEN}` }]);
  });

  it('without id-token permission, or refused, says what to grant and names no credential', async () => {
    await expect(requestOidcToken({}, 'aud')).rejects.toMatchObject({ hint: expect.stringContaining('permissions: id-token: write') });
    const refused = await requestOidcToken({ ACTIONS_ID_TOKEN_REQUEST_URL: service.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong-request-token' }, 'aud').catch((error: Error) => error);
    expect(String(refused)).toMatch(/answered 401 without a token/);
    expect(String(refused)).not.toContain('wrong-request-token');
  });
});

const skipStandIn = standInMissing();
describe.skipIf(skipStandIn !== null)('the Action logs in to Snowflake with the OIDC token it requested (stand-in)', () => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startStandIn();
  });
  afterAll(async () => {
    await standIn?.stop();
  });

  it('cleanup of a closed PR: the login carries the token, which no log line, summary or output shows', async () => {
    project('e2e', { pr: { ...workloadIdentity, token: "{{ env_var('SNOWFLAKE_OIDC_TOKEN', '') }}", access_url: standIn.url, threads: 1 } });
    const event = path.join(dir, 'closed.json');
    writeFileSync(
      event,
      JSON.stringify({
        action: 'closed',
        repository: { full_name: 'acme/shop', default_branch: 'main' },
        pull_request: { number: 9, title: 'x', merged: false, head: { ref: 'f', sha: 'b'.repeat(40), repo: { full_name: 'acme/shop' } }, base: { ref: 'main', sha: 'a'.repeat(40), repo: { full_name: 'acme/shop' } } },
      }),
    );
    const said: string[] = [];
    const secrets: string[] = [];
    const io: ActionIO = {
      info: (text) => void said.push(text),
      warning: (text) => void said.push(text),
      error: (text) => void said.push(text),
      setOutput: (name, value) => void said.push(`${name}=${value}`),
      writeSummary: async (markdown) => void said.push(markdown),
      setFailed: (text) => void said.push(text),
      setSecret: (value) => void secrets.push(value),
    };
    const inputs: Record<string, string> = { 'github-token': 'ghs_fake_token_value', 'project-dir': 'e2e', comment: 'off' };
    const env: Record<string, string | undefined> = {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_WORKSPACE: dir,
      ACTIONS_ID_TOKEN_REQUEST_URL: service.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      // the driver refuses a workload identity login to any host but Snowflake's unless told
      SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES: '127.0.0.1',
    };
    const previous = process.env.SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES;
    process.env.SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES = '127.0.0.1';
    const before = service.requests.length;
    let status;
    try {
      status = await runAction({ io, readInput: (name) => inputs[name] ?? '', env, library: reviewLibrary, github: createGithubClient, outputDir: path.join(dir, 'out') });
    } finally {
      if (previous === undefined) delete process.env.SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES;
      else process.env.SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES = previous;
    }
    expect(said.filter((line) => /fail/i.test(line))).toEqual([]);
    expect(status).toBe('success');
    expect(service.requests.slice(before)).toEqual([{ audience: 'snowflakecomputing.com', authorization: `bearer ${REQUEST_TOKEN}` }]);
    const logins = await standIn.logins();
    expect(logins.at(-1)).toMatchObject({ AUTHENTICATOR: 'WORKLOAD_IDENTITY', PROVIDER: 'OIDC', TOKEN: OIDC });
    expect(secrets).toContain(OIDC);
    expect(said.join('\n')).toContain("requested GitHub's OIDC token (audience snowflakecomputing.com) for shop.pr");
    expect(said.join('\n')).not.toContain(OIDC);
    expect(said.join('\n')).not.toContain('oidc-canary-signature');
  });
});
