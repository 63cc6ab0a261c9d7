import { describe, expect, it } from 'vitest';
import { isDailiesError } from '../../src/errors.js';
import { maskCredentials, readInputs } from '../../src/action/inputs.js';
import { Redactor } from '../../src/redact/redactor.js';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('readInputs', () => {
  it('applies the documented defaults when nothing is given', () => {
    const inputs = readInputs(reader({}), {});
    expect(inputs).toMatchObject({ command: 'auto', projectDir: '.', comment: true, failOn: 'error', select: [], snowflake: {} });
    expect(inputs.threads).toBeUndefined();
  });

  it('reads every input, keeping dbt selectors space-separated (a comma is an intersection)', () => {
    const inputs = readInputs(
      reader({ command: 'Review', 'project-dir': 'analytics', target: 'ci', 'prod-target': 'prod', threads: '4', select: 'stg_movies+ tag:marts,config.materialized:table', comment: 'off', 'fail-on': 'warn' }),
      {},
    );
    expect(inputs).toMatchObject({ command: 'review', projectDir: 'analytics', target: 'ci', prodTarget: 'prod', threads: 4, comment: false, failOn: 'warn' });
    expect(inputs.select).toEqual(['stg_movies+', 'tag:marts,config.materialized:table']);
  });

  it('takes an https docs-preview-url and refuses anything else', () => {
    expect(readInputs(reader({}), {}).docsPreviewUrl).toBeUndefined();
    const url = 'https://github.com/o/r/actions/runs/1/artifacts/2';
    expect(readInputs(reader({ 'docs-preview-url': ` ${url} ` }), {}).docsPreviewUrl).toBe(url);
    expect(() => readInputs(reader({ 'docs-preview-url': 'javascript:alert(1)' }), {})).toThrow(/'docs-preview-url' must be an https:\/\/ URL/);
  });

  it('refuses an unknown command with a hint naming the allowed ones', () => {
    try {
      readInputs(reader({ command: 'deploy' }), {});
      expect.unreachable();
    } catch (error) {
      expect(isDailiesError(error)).toBe(true);
      expect((error as Error).message).toBe("input 'command' must be one of auto, review, cleanup, promote; got 'deploy'");
    }
  });

  it('refuses an unknown fail-on, a bad comment switch and a non-numeric threads', () => {
    expect(() => readInputs(reader({ 'fail-on': 'sometimes' }), {})).toThrow(/'fail-on' must be one of error, warn, never/);
    expect(() => readInputs(reader({ comment: 'maybe' }), {})).toThrow(/'comment' must be on or off/);
    expect(() => readInputs(reader({ threads: '4; rm -rf /' }), {})).toThrow(/'threads' must be a positive whole number/);
  });

  it('takes Snowflake credentials from the environment when the inputs are empty', () => {
    const inputs = readInputs(reader({ 'snowflake-user': 'from-input' }), { SNOWFLAKE_USER: 'from-env', SNOWFLAKE_ACCOUNT: 'acct-env' });
    expect(inputs.snowflake).toEqual({ user: 'from-input', account: 'acct-env' });
  });
});

describe('maskCredentials', () => {
  it('masks the token, every credential input and env value, and each line of a private key', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n';
    const masked: string[] = [];
    maskCredentials(reader({ 'github-token': 'ghs_token123456', 'snowflake-private-key': key }), { SNOWFLAKE_PASSWORD: 'hunter2-secret' }, (value) => masked.push(value), new Redactor());
    expect(masked).toContain('ghs_token123456');
    expect(masked).toContain('hunter2-secret');
    expect(masked).toContain(key);
    expect(masked).toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(masked).toContain('BKcwggSjAgEAAoIBAQC7');
    expect(masked).toContain(key.trim().replace(/\s+/g, ''));
  });

  it('masks the secret-looking environment and the names listed in secret-env, and nothing too short', () => {
    const masked: string[] = [];
    const redactor = new Redactor();
    maskCredentials(reader({ 'secret-env': 'WAREHOUSE_PW, OTHER' }), { DBT_ENV_SECRET_X: 'secret-x-value', WAREHOUSE_PW: 'listed-value', PATH: '/usr/bin', API_TOKEN: 'ab' }, (value) => masked.push(value), redactor);
    expect(masked).toContain('secret-x-value');
    expect(masked).toContain('listed-value');
    expect(masked).not.toContain('/usr/bin');
    expect(masked).not.toContain('ab');
    expect(redactor.tooShort).toEqual(['$API_TOKEN']);
  });
});

describe('readInputs: the adoption inputs', () => {
  it('reads profiles-dir, vars, max-chars, sample-rows and production-store', () => {
    const inputs = readInputs(reader({ 'profiles-dir': 'ci', vars: '{a: 1}', 'max-chars': '20000', 'sample-rows': 'OFF', 'production-store': 's3://my-bucket/dailies' }), {});
    expect(inputs).toMatchObject({ profilesDir: 'ci', vars: '{a: 1}', maxChars: 20000, sampleRows: 'off', productionStore: 's3://my-bucket/dailies' });
    expect(readInputs(reader({}), {})).toMatchObject({ maxChars: undefined, sampleRows: undefined, productionStore: undefined });
    for (const store of ['github-release', 'github-release:prod-db', 'file:/srv/dailies']) expect(readInputs(reader({ 'production-store': store }), {}).productionStore).toBe(store);
    expect(readInputs(reader({ 'production-store': 'off' }), {}).productionStore).toBeUndefined();
  });

  it('refuses values it cannot use, saying what it accepts', () => {
    expect(() => readInputs(reader({ 'max-chars': '50' }), {})).toThrow(/'max-chars' must be a whole number of at least 1000/);
    expect(() => readInputs(reader({ 'sample-rows': 'some' }), {})).toThrow(/'sample-rows' must be one of on, off, masked/);
    expect(() => readInputs(reader({ 'production-store': 'gs://bucket' }), {})).toThrow(/'production-store' must be github-release/);
    expect(() => readInputs(reader({ 'production-store': 's3://Bad Bucket' }), {})).toThrow(/production-store/);
  });
});
