/**
 * `dailies status`: what production records it holds and how far the checkout is ahead, through
 * a promotion, a merge that is not promoted yet, and the promotion that catches up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTinyRepo, DIM_USERS, type TinyRepo } from '../../bench/reliability/tiny-project.js';
import { main } from '../../src/cli/main.js';
import { productionStatus } from '../../src/review/status.js';

let repo: TinyRepo;
const run = async (...argv: string[]) => {
  const out: string[] = [];
  const code = await main([...argv, '--project-dir', repo.dir], { stdout: (text) => out.push(text), stderr: (text) => out.push(text), env: {}, cwd: repo.dir });
  return { code, out: out.join('') };
};

beforeAll(() => {
  repo = createTinyRepo();
});
afterAll(() => repo?.dispose());

describe('dailies status', () => {
  it('says when production keeps no record', async () => {
    expect(await run('status')).toEqual({ code: 0, out: 'production (target prod) keeps no record of what it holds: the next `dailies promote` builds everything and records it\n' });
  });

  it('after a promotion: the commit, when, the relations, and up to date', async () => {
    expect((await run('promote')).code).toBe(0);
    const { code, out } = await run('status');
    expect(code).toBe(0);
    const sha = repo.head().slice(0, 12);
    expect(out).toMatch(new RegExp(`^production \\(target prod\\): commit ${sha}, promoted \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z, 7 relations\\nHEAD ${sha}, 0 commits ahead: production is up to date \\(no node changed\\)\\n$`));
  }, 60_000);

  it('after merges not promoted yet: how many commits and which nodes, and what the next promote builds', async () => {
    const promoted = repo.head();
    repo.write('models/dim_users.sql', DIM_USERS.replace('users.country,', 'upper(users.country) as country,'));
    repo.commit('upper-case countries');
    repo.write('README.md', 'docs only\n');
    repo.commit('docs');
    const status = await productionStatus({ projectDir: repo.dir, env: {} });
    expect(status.production?.commitSha).toBe(promoted);
    expect(status.head).toEqual({ sha: repo.head(), commitsAhead: 2 });
    expect(status.changes.map((change) => [change.uniqueId, change.status, change.reasons])).toEqual([['model.tiny.dim_users', 'modified', ['body']]]);
    expect(status.toBuild.filter((id) => !id.startsWith('test.'))).toEqual(['model.tiny.dim_users', 'model.tiny.rpt_countries']);
    const { out } = await run('status');
    expect(out.split('\n')[1]).toBe(`HEAD ${repo.head().slice(0, 12)}, 2 commits ahead: 1 node changed since, ${status.toBuild.length} to build at the next promote`);
    expect(out).toContain('  modified model.tiny.dim_users  (body)');

    expect((await run('promote')).code).toBe(0);
    expect((await run('status')).out).toContain(`HEAD ${repo.head().slice(0, 12)}, 0 commits ahead: production is up to date`);
  }, 60_000);
});
