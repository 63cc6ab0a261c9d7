import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const workflowsDir = path.join(root, '.github/workflows');
const read = (file: string) => readFileSync(file, 'utf8');
const workflow = (name: string) => parse(read(path.join(workflowsDir, name))) as Record<string, any>;

/** Every `uses:` value in a parsed workflow, job by job. */
function usesOf(parsed: Record<string, any>): string[] {
  return Object.values(parsed.jobs as Record<string, { steps?: { uses?: string }[] }>).flatMap((job) => (job.steps ?? []).map((step) => step.uses).filter((uses): uses is string => typeof uses === 'string'));
}

describe('workflow files', () => {
  const files = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file)).sort();

  it('are the four the project needs, each valid YAML with jobs', () => {
    expect(files).toEqual(['ci.yml', 'cleanup.yml', 'deploy.yml', 'pr.yml']);
    for (const file of files) expect(Object.keys(workflow(file).jobs).length).toBeGreaterThan(0);
  });

  it('pin every third-party action to a full commit SHA with its version in a comment', () => {
    for (const file of files) {
      const text = read(path.join(workflowsDir, file));
      const uses = usesOf(workflow(file));
      expect(uses.length).toBeGreaterThan(0);
      for (const value of uses) {
        if (value.startsWith('./')) continue;
        expect(value, `${file}: ${value}`).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
        expect(text, `${file}: ${value} needs a '# vX.Y.Z' comment`).toMatch(new RegExp(`${value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} # v\\d+\\.\\d+\\.\\d+`));
      }
    }
  });

  it('give the PR review least privilege and one run per pull request', () => {
    const pr = workflow('pr.yml');
    expect(pr.on).toEqual({ pull_request: { types: ['opened', 'synchronize', 'reopened'] } });
    expect(pr.permissions).toEqual({});
    expect(pr.jobs.review.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', checks: 'write' });
    expect(pr.concurrency).toEqual({ group: 'dailies-pr-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
    expect(usesOf(pr)).toContain('./.dailies-action');
  });

  it('grant nothing at the top and each job only what it needs (write only where the job writes)', () => {
    const writers: Record<string, string[]> = {};
    for (const file of files) {
      const parsed = workflow(file);
      expect(parsed.permissions, file).toEqual({});
      for (const [name, job] of Object.entries(parsed.jobs as Record<string, { permissions?: Record<string, string> }>)) {
        expect(job.permissions, `${file}: ${name}`).toBeDefined();
        for (const [scope, level] of Object.entries(job.permissions!)) if (level === 'write') (writers[`${file}: ${name}`] ??= []).push(scope);
      }
    }
    expect(writers).toEqual({
      'deploy.yml: deploy': ['pages', 'id-token'],
      // the DuckDB production is kept as a release asset, replaced after each promotion
      'deploy.yml: promote': ['contents'],
      'pr.yml: review': ['pull-requests', 'checks'],
    });
  });

  it('give secrets only to jobs under an environment; production is its own environment', () => {
    for (const file of files) {
      for (const [name, job] of Object.entries(workflow(file).jobs as Record<string, { environment?: unknown }>)) {
        const jobText = JSON.stringify(job);
        if (jobText.includes('secrets.')) expect(job.environment, `${file}: ${name} uses secrets`).toBeDefined();
      }
      expect(Object.keys(workflow(file).on as Record<string, unknown>), file).not.toContain('pull_request_target');
    }
    expect(workflow('deploy.yml').jobs.promote.environment).toBe('production');
    expect(workflow('pr.yml').jobs.review.environment).toBe('dailies-review');
    expect(workflow('cleanup.yml').jobs.cleanup.environment).toBe('dailies-review');
  });

  it("run the base branch's Action, never the pull request's dist/ or install scripts, where secrets are present", () => {
    for (const file of ['pr.yml', 'cleanup.yml']) {
      // the jobs that hold secrets (the pull request's own code may run only in jobs without any)
      const credentialed = Object.values(workflow(file).jobs as Record<string, { steps: { run?: string; uses?: string; with?: Record<string, unknown>; 'working-directory'?: string }[] }>).filter((job) =>
        JSON.stringify(job).includes('secrets.'),
      );
      expect(credentialed.length, file).toBe(1);
      const steps = credentialed.flatMap((job) => job.steps);
      const baseCheckout = steps.findIndex((step) => step.uses?.startsWith('actions/checkout@') && step.with?.path === '.dailies-action');
      expect(baseCheckout, file).toBeGreaterThanOrEqual(0);
      expect(steps[baseCheckout]!.with!.ref, file).toBe('${{ github.event.pull_request.base.sha }}');
      const installs = steps.filter((step) => /\bnpm (ci|install|i)\b/.test(step.run ?? ''));
      expect(installs.length, file).toBeGreaterThan(0);
      for (const install of installs) {
        expect(install['working-directory'], file).toBe('.dailies-action');
        expect(install.run, file).toContain('--ignore-scripts');
      }
      const action = steps.findIndex((step) => step.uses === './.dailies-action');
      expect(action, file).toBeGreaterThan(steps.indexOf(installs[0]!));
      expect(steps.some((step) => step.uses === './'), file).toBe(false);
      for (const step of steps) expect(step.run ?? '', file).not.toMatch(/(^|\s)node bin\//);
    }
  });

  it('install dependencies (without install scripts) before running the Action on main', () => {
    const steps = Object.values(workflow('deploy.yml').jobs as Record<string, { steps: { run?: string; uses?: string }[] }>).flatMap((job) => job.steps);
    const install = steps.findIndex((step) => step.run?.startsWith('npm ci --ignore-scripts'));
    const action = steps.findIndex((step) => step.uses === './');
    expect(install).toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(action);
  });

  it('never put event text into a run script directly (it goes through env)', () => {
    for (const file of files) {
      const runs = Object.values(workflow(file).jobs as Record<string, { steps: { run?: string }[] }>).flatMap((job) => job.steps.map((step) => step.run ?? ''));
      for (const script of runs) expect(script, file).not.toMatch(/\$\{\{\s*github\.(event|head_ref)/);
    }
  });

  it('clean up on closed pull requests and deploy Pages from main with write access on the deploy job only', () => {
    expect(workflow('cleanup.yml').on).toEqual({ pull_request: { types: ['closed'] } });
    const deploy = workflow('deploy.yml');
    expect(deploy.on).toEqual({ push: { branches: ['main'] } });
    expect(deploy.permissions).toEqual({});
    const jobs = deploy.jobs as Record<string, { permissions?: Record<string, string>; steps: { uses?: string }[] }>;
    const withPages = Object.entries(jobs).filter(([, job]) => job.permissions?.pages === 'write').map(([name]) => name);
    expect(withPages).toEqual(['deploy']);
    expect(jobs.deploy!.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    const uses = usesOf(deploy).map((value) => value.split('@')[0]);
    expect(uses).toEqual(expect.arrayContaining(['actions/configure-pages', 'actions/upload-pages-artifact', 'actions/deploy-pages', './']));
  });

  it('build the docs site after promotion for Pages, and each PR\'s docs as an artifact the comment links to', () => {
    const promote = workflow('deploy.yml').jobs.promote.steps as { run?: string; uses?: string }[];
    const promoted = promote.findIndex((step) => step.uses === './');
    const generate = promote.findIndex((step) => step.run?.includes('dailies.js docs generate'));
    const upload = promote.findIndex((step) => step.uses?.startsWith('actions/upload-pages-artifact@'));
    expect(promoted).toBeGreaterThanOrEqual(0);
    expect(generate).toBeGreaterThan(promoted);
    expect(upload).toBeGreaterThan(generate);
    // the preview is built from the pull request's own code, in a job with no secret and no write access
    const jobs = workflow('pr.yml').jobs as Record<string, { needs?: string; permissions?: Record<string, string>; environment?: unknown; outputs?: Record<string, string>; steps: { id?: string; run?: string; uses?: string; with?: Record<string, string> }[] }>;
    const preview = jobs['docs-preview']!;
    expect(preview.environment).toBeUndefined();
    expect(preview.permissions).toEqual({ contents: 'read' });
    expect(JSON.stringify(preview)).not.toContain('secrets.');
    const generated = preview.steps.findIndex((step) => step.run?.includes('dailies.js docs generate'));
    const uploaded = preview.steps.findIndex((step) => step.id === 'upload' && step.uses?.startsWith('actions/upload-artifact@'));
    expect(generated).toBeGreaterThanOrEqual(0);
    expect(uploaded).toBeGreaterThan(generated);
    expect(preview.outputs!['artifact-url']).toBe('${{ steps.upload.outputs.artifact-url }}');
    const review = jobs.review!;
    expect(review.needs).toBe('docs-preview');
    const action = review.steps.find((step) => step.uses === './.dailies-action');
    expect(action!.with!['docs-preview-url']).toBe('${{ needs.docs-preview.outputs.artifact-url }}');
  });

  it('run the tests and the CI entry point', () => {
    const text = read(path.join(workflowsDir, 'ci.yml'));
    expect(text).toMatch(/run: npm ci/);
    expect(text).toMatch(/run: npm test/);
    expect(text).toMatch(/run: bash \.ci\/run/);
  });
});

describe('action.yml', () => {
  const action = parse(read(path.join(root, 'action.yml'))) as Record<string, any>;

  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('documents every input with a default, and every output', () => {
    const inputs = action.inputs as Record<string, { description: string; default?: string }>;
    expect(Object.keys(inputs).sort()).toEqual(
      [
        'command',
        'project-dir',
        'profiles-dir',
        'vars',
        'target',
        'prod-target',
        'github-token',
        'snowflake-account',
        'snowflake-user',
        'snowflake-private-key',
        'snowflake-password',
        'snowflake-oidc-audience',
        'threads',
        'select',
        'comment',
        'max-chars',
        'sample-rows',
        'production-store',
        'fail-on',
        'secret-env',
        'docs-preview-url',
      ].sort(),
    );
    for (const [name, input] of Object.entries(inputs)) {
      expect(input.description.length, name).toBeGreaterThan(10);
      expect(input.default, name).toBeDefined();
    }
    expect(inputs.command!.default).toBe('auto');
    expect(inputs['github-token']!.default).toBe('${{ github.token }}');
    expect(Object.keys(action.outputs).sort()).toEqual(['changed-models', 'report-path', 'schema', 'status']);
    for (const [name, output] of Object.entries(action.outputs as Record<string, { description: string }>)) expect(output.description.length, name).toBeGreaterThan(10);
  });

  it('is ready for the Marketplace: a name, a description under 125 characters, branding', () => {
    expect(action.name).toMatch(/\S/);
    expect(action.description.length).toBeLessThan(125);
    expect(action.author).toMatch(/\S/);
    expect(action.branding).toEqual({ icon: expect.any(String), color: expect.stringMatching(/^(white|black|yellow|blue|green|orange|red|purple|gray-dark)$/) });
  });

  it('reads every input it documents (and documents every input it reads)', () => {
    const read = new Set([...readFileSync(path.join(root, 'src/action/inputs.ts'), 'utf8').matchAll(/read\('([a-z-]+)'\)|input: '([a-z-]+)'/g)].map((match) => match[1] ?? match[2]));
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort());
  });
});
