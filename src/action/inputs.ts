/**
 * The Action's inputs, read through one helper and validated before anything runs.
 * Credentials are masked (`core.setSecret`, and the redactor every outgoing text passes) the moment
 * they are read, in every form (see src/redact/forms.ts), so that nothing later can print them.
 */
import { DailiesError } from '../errors.js';
import type { Redactor } from '../redact/redactor.js';
import { environmentSecrets, parseNameList, type SecretValue } from '../redact/secret-sources.js';
import { DEFAULT_OIDC_AUDIENCE } from './oidc-token.js';

export const COMMANDS = ['auto', 'review', 'cleanup', 'promote'] as const;
export type ActionCommand = (typeof COMMANDS)[number];
export const FAIL_ON = ['error', 'warn', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];
export const SAMPLE_ROWS = ['on', 'off', 'masked'] as const;
export type SampleRows = (typeof SAMPLE_ROWS)[number];

export interface SnowflakeCredentials {
  account?: string;
  user?: string;
  privateKey?: string;
  password?: string;
}

export interface ActionInputs {
  command: ActionCommand;
  projectDir: string;
  target?: string;
  prodTarget?: string;
  githubToken: string;
  snowflake: SnowflakeCredentials;
  /** The audience of the OIDC token requested for workload identity (default: Snowflake's, snowflakecomputing.com). */
  snowflakeOidcAudience: string;
  threads?: number;
  /** dbt selectors, space-separated as on the command line (a comma inside one means intersection). */
  select: string[];
  comment: boolean;
  failOn: FailOn;
  /** Environment variables whose values are secrets besides the secret-looking ones (`secret-env`). */
  secretEnv: string[];
  /** Review only: a link to this PR's docs site (e.g. the uploaded artifact), shown in the report. */
  docsPreviewUrl?: string;
  /** Folder of profiles.yml relative to the repository root (default: the project folder). */
  profilesDir?: string;
  /** `--vars` as YAML/JSON text. */
  vars?: string;
  /** Longest comment in characters (default: what GitHub accepts). */
  maxChars?: number;
  /** Production rows in the comment: shown, left out, or masked (PII-like columns hashed). Default: masked on public repositories, on otherwise. */
  sampleRows?: SampleRows;
  /** Where a DuckDB production is kept between runs: `github-release[:tag]`, `s3://bucket/prefix`, `file:<folder>`; empty: nowhere. */
  productionStore?: string;
}

/** Reads one input by its action.yml name (`core.getInput` in production). */
export type InputReader = (name: string) => string;

/** Inputs whose values are credentials, and the environment variables that may carry them instead. */
export const CREDENTIAL_INPUTS: Record<keyof SnowflakeCredentials, { input: string; env: string }> = {
  account: { input: 'snowflake-account', env: 'SNOWFLAKE_ACCOUNT' },
  user: { input: 'snowflake-user', env: 'SNOWFLAKE_USER' },
  privateKey: { input: 'snowflake-private-key', env: 'SNOWFLAKE_PRIVATE_KEY' },
  password: { input: 'snowflake-password', env: 'SNOWFLAKE_PASSWORD' },
};

/**
 * Masks every credential before anything else reads or prints: the GitHub token and the Snowflake
 * values (inputs or environment variables), every secret-looking environment variable and those the
 * `secret-env` input names. Each form of each value is added to `redactor` (which filters all the
 * Action sends and writes) and registered with the runner's log masking. Returns the forms masked.
 */
export function maskCredentials(read: InputReader, env: Record<string, string | undefined>, setSecret: (value: string) => void, redactor: Redactor): string[] {
  const values: SecretValue[] = [{ source: "input 'github-token'", value: read('github-token') }];
  for (const { input, env: name } of Object.values(CREDENTIAL_INPUTS)) {
    values.push({ source: `input '${input}'`, value: read(input) }, { source: `$${name}`, value: env[name] ?? '' });
  }
  values.push(...environmentSecrets(env, parseNameList(read('secret-env'))));
  const masked = redactor.add(values);
  for (const form of masked) setSecret(form);
  return masked;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[], fallback: T): T {
  const text = value.trim().toLowerCase();
  if (text === '') return fallback;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new DailiesError('usage', `input '${name}' must be one of ${allowed.join(', ')}; got '${value.trim()}'`, {
    place: { file: 'action.yml' },
    hint: `set '${name}: ${fallback}' (the default) or one of ${allowed.join(' / ')} in the workflow's 'with:'`,
  });
}

function onOff(name: string, value: string): boolean {
  const text = value.trim().toLowerCase();
  if (text === '' || ['on', 'true', 'yes'].includes(text)) return true;
  if (['off', 'false', 'no'].includes(text)) return false;
  throw new DailiesError('usage', `input '${name}' must be on or off; got '${value.trim()}'`, {
    place: { file: 'action.yml' },
    hint: `set '${name}: on' or '${name}: off'`,
  });
}

function positiveInteger(name: string, value: string): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (!/^[1-9][0-9]{0,3}$/.test(text)) {
    throw new DailiesError('usage', `input '${name}' must be a positive whole number; got '${text}'`, {
      place: { file: 'action.yml' },
      hint: `set e.g. '${name}: 4', or leave it out to use the profile's threads`,
    });
  }
  return Number(text);
}

function httpsUrl(name: string, value: string): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (!/^https:\/\/[^\s]+$/.test(text)) {
    throw new DailiesError('usage', `input '${name}' must be an https:// URL; got '${text}'`, {
      place: { file: 'action.yml' },
      hint: `pass e.g. '${name}: \${{ steps.site.outputs.artifact-url }}' from actions/upload-artifact, or leave it empty`,
    });
  }
  return text;

}

function maxChars(value: string): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (!/^[1-9][0-9]{2,6}$/.test(text) || Number(text) < 1000) {
    throw new DailiesError('usage', `input 'max-chars' must be a whole number of at least 1000; got '${text}'`, {
      place: { file: 'action.yml' },
      hint: "leave it out to use GitHub's limit for a comment (65536)",
    });
  }
  return Number(text);
}

function productionStore(value: string): string | undefined {
  const text = value.trim();
  if (text === '' || text === 'off' || text === 'none') return undefined;
  if (text === 'github-release' || /^github-release:[\w.-]+$/.test(text) || /^s3:\/\/[a-z0-9][a-z0-9.-]+(\/[^\s]*)?$/.test(text) || /^file:[^\s]+$/.test(text)) return text;
  throw new DailiesError('usage', `input 'production-store' must be github-release, github-release:<tag>, s3://bucket/prefix or file:<folder>; got '${text}'`, {
    place: { file: 'action.yml' },
    hint: "leave it empty when production lives in Snowflake",
  });
}

function optional(value: string): string | undefined {
  const text = value.trim();
  return text === '' ? undefined : text;
}

/** Reads and validates every input. Credentials fall back to their environment variables. */
export function readInputs(read: InputReader, env: Record<string, string | undefined>): ActionInputs {
  const snowflake: SnowflakeCredentials = {};
  for (const [key, { input, env: name }] of Object.entries(CREDENTIAL_INPUTS) as [keyof SnowflakeCredentials, { input: string; env: string }][]) {
    const value = optional(read(input)) ?? optional(env[name] ?? '');
    if (value !== undefined) snowflake[key] = value;
  }
  const projectDir = optional(read('project-dir')) ?? '.';
  if (projectDir.includes('\0')) {
    throw new DailiesError('usage', "input 'project-dir' contains a NUL character", { hint: 'give a folder path relative to the repository root' });
  }
  return {
    command: oneOf('command', read('command'), COMMANDS, 'auto'),
    projectDir,
    target: optional(read('target')),
    prodTarget: optional(read('prod-target')),
    githubToken: read('github-token').trim(),
    snowflake,
    snowflakeOidcAudience: optional(read('snowflake-oidc-audience')) ?? DEFAULT_OIDC_AUDIENCE,
    threads: positiveInteger('threads', read('threads')),
    select: read('select')
      .split(/\s+/)
      .filter((part) => part !== ''),
    comment: onOff('comment', read('comment')),
    failOn: oneOf('fail-on', read('fail-on'), FAIL_ON, 'error'),
    secretEnv: parseNameList(read('secret-env')),
    docsPreviewUrl: httpsUrl('docs-preview-url', read('docs-preview-url')),
    profilesDir: optional(read('profiles-dir')),
    vars: optional(read('vars')),
    maxChars: maxChars(read('max-chars')),
    sampleRows: read('sample-rows').trim() === '' ? undefined : oneOf('sample-rows', read('sample-rows'), SAMPLE_ROWS, 'masked'),
    productionStore: productionStore(read('production-store')),
  };
}
