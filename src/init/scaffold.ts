/**
 * `dailies init`: makes an existing dbt project ready for dailies in GitHub: the three workflows,
 * a profiles.yml with DuckDB and Snowflake targets, .gitignore entries. Never overwrites a file
 * without `force`; running it twice changes nothing.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DailiesError } from '../errors.js';
import { profilesTemplate } from './profiles-template.js';
import { cleanupWorkflow, deployWorkflow, reviewWorkflow, type WorkflowOptions } from './workflows.js';

/** The Action `dailies init` points the workflows at, unless told otherwise (`--action`). */
export const DEFAULT_ACTION = 'dailies/dailies@v1';

export const GITIGNORE_ENTRIES = ['target/', 'dbt_packages/', 'logs/', '*.duckdb', '*.duckdb.wal'];

export interface InitOptions {
  projectDir: string;
  force?: boolean;
  action?: string;
  /** The branch production follows (default main). */
  branch?: string;
  /** How Snowflake targets log in: a key pair from secrets (default), or workload identity with GitHub's OIDC token. */
  snowflakeAuth?: 'key-pair' | 'workload-identity';
}

export interface InitFile {
  /** Relative to the repository root. */
  path: string;
  status: 'written' | 'overwritten' | 'kept' | 'updated' | 'unchanged';
}

export interface InitResult {
  repoRoot: string;
  /** The project folder relative to the repository root ('.' at the root). */
  projectDir: string;
  profile: string;
  files: InitFile[];
  /** What to set in the repository's settings, one line each. */
  settings: { kind: 'secret' | 'variable'; name: string; purpose: string }[];
}

/** The nearest folder at or above `dir` holding `.git` (a folder, or a file in worktrees). */
export function findRepoRoot(dir: string): string | null {
  let current = path.resolve(dir);
  while (true) {
    if (existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

function profileName(projectDir: string): string {
  const file = path.join(projectDir, 'dbt_project.yml');
  if (!existsSync(file)) {
    throw new DailiesError('config', `no dbt_project.yml in ${projectDir}`, { hint: "run 'dailies init' in the folder of a dbt project, or pass --project-dir" });
  }
  const config = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  const name = config.profile ?? config.name;
  if (typeof name !== 'string' || name === '') throw new DailiesError('config', 'dbt_project.yml names no `profile` (nor `name`)', { place: { file }, hint: 'add `profile: <name>`' });
  return name;
}

export const SETTINGS: InitResult['settings'] = [
  { kind: 'secret', name: 'SNOWFLAKE_ACCOUNT', purpose: 'Snowflake only: the account identifier (e.g. xy12345.eu-west-1)' },
  { kind: 'secret', name: 'SNOWFLAKE_USER', purpose: 'Snowflake only: the user dailies connects as' },
  { kind: 'secret', name: 'SNOWFLAKE_PRIVATE_KEY', purpose: "Snowflake only: that user's private key (PEM), for key-pair authentication" },
  { kind: 'variable', name: 'DAILIES_TARGET', purpose: "the profile target pull requests build on: empty for DuckDB (the profile's default), `snowflake` for Snowflake" },
  { kind: 'variable', name: 'DAILIES_PROD_TARGET', purpose: 'the production target: empty for DuckDB, `snowflake_prod` for Snowflake' },
  {
    kind: 'variable',
    name: 'DAILIES_PRODUCTION_STORE',
    purpose: 'DuckDB only: where production is kept between runs; empty keeps it as a release asset of this repository, or `s3://bucket/prefix`',
  },
];

export function initProject(options: InitOptions): InitResult {
  const projectDir = path.resolve(options.projectDir);
  if (!existsSync(projectDir) || !statSync(projectDir).isDirectory()) throw new DailiesError('usage', `${projectDir} is not a folder`);
  const profile = profileName(projectDir);
  const repoRoot = findRepoRoot(projectDir) ?? projectDir;
  const relativeProject = path.relative(repoRoot, projectDir).split(path.sep).join('/') || '.';
  const workloadIdentity = options.snowflakeAuth === 'workload-identity';
  const workflowOptions: WorkflowOptions = { action: options.action ?? DEFAULT_ACTION, projectDir: relativeProject, branch: options.branch ?? 'main', workloadIdentity };
  const files: InitFile[] = [];
  const write = (absolute: string, text: string) => {
    const relative = path.relative(repoRoot, absolute).split(path.sep).join('/');
    if (existsSync(absolute)) {
      if (readFileSync(absolute, 'utf8') === text) return files.push({ path: relative, status: 'unchanged' });
      if (!options.force) return files.push({ path: relative, status: 'kept' });
      writeFileSync(absolute, text);
      return files.push({ path: relative, status: 'overwritten' });
    }
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
    return files.push({ path: relative, status: 'written' });
  };
  const workflows = path.join(repoRoot, '.github', 'workflows');
  write(path.join(workflows, 'dailies-review.yml'), reviewWorkflow(workflowOptions));
  write(path.join(workflows, 'dailies-cleanup.yml'), cleanupWorkflow(workflowOptions));
  write(path.join(workflows, 'dailies-deploy.yml'), deployWorkflow(workflowOptions));
  write(path.join(projectDir, 'profiles.yml'), profilesTemplate(profile, { workloadIdentity }));
  files.push(updateGitignore(repoRoot, path.join(projectDir, '.gitignore')));
  // with workload identity no user or key is stored: GitHub's OIDC token is the credential
  const settings = workloadIdentity ? SETTINGS.filter((setting) => setting.name !== 'SNOWFLAKE_USER' && setting.name !== 'SNOWFLAKE_PRIVATE_KEY') : SETTINGS;
  return { repoRoot, projectDir: relativeProject, profile, files, settings };
}

/** Appends the entries a dbt project's .gitignore lacks (leaves the rest as it is). */
function updateGitignore(repoRoot: string, file: string): InitFile {
  const relative = path.relative(repoRoot, file).split(path.sep).join('/');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : null;
  const present = new Set((existing ?? '').split(/\r?\n/).map((line) => line.trim()));
  const missing = GITIGNORE_ENTRIES.filter((entry) => !present.has(entry) && !present.has(`/${entry}`) && !present.has(entry.replace(/\/$/, '')));
  if (missing.length === 0) return { path: relative, status: 'unchanged' };
  const prefix = existing === null || existing === '' ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  writeFileSync(file, `${existing ?? ''}${prefix}# dailies / dbt build output\n${missing.join('\n')}\n`);
  return { path: relative, status: existing === null ? 'written' : 'updated' };
}
