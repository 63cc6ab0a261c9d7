import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { html, text } from '../../src/review/report/escape.js';
import { Redactor } from '../../src/redact/redactor.js';
import { environmentSecrets, looksSecret } from '../../src/redact/secret-sources.js';
import { redactStream } from '../../src/redact/stream.js';

const PASSWORD = 'p@ss w0rd/+&"<x>\'';
const KEY_LINES = ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7', 'q3ZsV0bZQ9m1r8ZrD2yXl9hL6o6y1C8s0m6r1k9nB0p4k2jP7x', 'AbCdEfGhIjKlMnOp'];
const KEY = `-----BEGIN PRIVATE KEY-----\n${KEY_LINES.join('\n')}\n-----END PRIVATE KEY-----\n`;

function redactor(): Redactor {
  const r = new Redactor();
  r.add([
    { source: 'password', value: PASSWORD },
    { source: 'key', value: KEY },
  ]);
  return r;
}

describe('Redactor', () => {
  const r = redactor();
  const forms: [string, string][] = [
    ['plain', PASSWORD],
    ['URL-encoded', encodeURIComponent(PASSWORD)],
    ['form-encoded', encodeURIComponent(PASSWORD).replaceAll('%20', '+')],
    ['lower-case URL escapes', encodeURIComponent(PASSWORD).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
    ['JSON-escaped', JSON.stringify(PASSWORD).slice(1, -1)],
    ['JSON inside JSON', JSON.stringify(JSON.stringify(PASSWORD)).slice(1, -1)],
    ['SQL-quoted', PASSWORD.replaceAll("'", "''")],
    ['HTML-escaped', html(PASSWORD)],
    ['Markdown-escaped', text(PASSWORD)],
    ['base64', Buffer.from(PASSWORD).toString('base64')],
    ['base64url', Buffer.from(PASSWORD).toString('base64url')],
    ['the PEM key', KEY],
    ['the PEM key with CRLF', KEY.replaceAll('\n', '\r\n')],
    ['the PEM key JSON-escaped', JSON.stringify(KEY)],
    ['the PEM body on one line', KEY_LINES.join('')],
  ];
  for (const [name, form] of forms) {
    it(`removes the ${name} form`, () => {
      const out = r.redact(`before ${form} after`);
      expect(out).toContain('***');
      expect(out).toMatch(/^before /);
      expect(out).toMatch(/ after$/);
      expect(out).not.toContain(PASSWORD);
      expect(out).not.toContain(form.trim());
    });
  }

  it('removes each line of a PEM key body wherever it appears alone', () => {
    for (const line of KEY_LINES) expect(r.redact(`x ${line} y`)).toBe('x *** y');
  });

  it('removes the value inside longer base64 text at every byte alignment (user:password in Basic auth)', () => {
    for (const prefix of ['u:', 'us:', 'use:', 'user:']) {
      const encoded = Buffer.from(`${prefix}${PASSWORD}!tail`).toString('base64');
      const out = r.redact(`Authorization: Basic ${encoded}`);
      expect(out).toContain('***');
      // all that is left of the value are the few characters that mix it with its neighbours
      const removed = encoded.length - out.replace('Authorization: Basic ', '').replace('***', '').length;
      expect(removed).toBeGreaterThanOrEqual(Math.floor((Buffer.byteLength(PASSWORD) * 4) / 3) - 8);
    }
  });

  it('redacts strings (and keys) deep inside a JSON value, leaving the rest', () => {
    const value = { a: [PASSWORD, 1, true, null], [PASSWORD]: { b: `x${PASSWORD}` }, c: 'plain' };
    expect(r.redactDeep(value)).toEqual({ a: ['***', 1, true, null], '***': { b: 'x***' }, c: 'plain' });
  });

  it('ignores values shorter than 4 characters, naming where they came from', () => {
    const short = new Redactor();
    short.add([{ source: '$API_TOKEN', value: 'ab' }, { source: '$EMPTY_SECRET', value: '' }]);
    expect(short.redact('a tab in the table')).toBe('a tab in the table');
    expect(short.tooShort).toEqual(['$API_TOKEN']);
  });

  it('takes no placeholder word for a secret (a profile field set to none, an unset flag)', () => {
    const placeholders = new Redactor();
    placeholders.add(['none', 'NULL', 'true', 'off'].map((value) => ({ source: '$X_TOKEN', value })));
    expect(placeholders.redact('none of these is null, true or off')).toBe('none of these is null, true or off');
    expect(placeholders.tooShort).toEqual([]);
  });

  it('leaves text without secrets unchanged', () => {
    expect(r.redact('select 1 as x -- nothing secret')).toBe('select 1 as x -- nothing secret');
  });
});

describe('secret sources', () => {
  it('takes dbt secrets and secret-looking names, and the listed ones', () => {
    for (const name of ['DBT_ENV_SECRET_PW', 'SNOWFLAKE_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'PRIVATE_KEY', 'DB_PASS', 'GCP_CREDENTIALS']) expect(looksSecret(name), name).toBe(true);
    for (const name of ['PATH', 'HOME', 'PWD', 'SNOWFLAKE_USER', 'PASSENGER_COUNT']) expect(looksSecret(name), name).toBe(false);
    const env = { DBT_ENV_SECRET_PW: 'one-value', PATH: '/bin', WAREHOUSE_PIN: 'pin-value', UNSET_TOKEN: undefined };
    expect(environmentSecrets(env, ['WAREHOUSE_PIN'])).toEqual([
      { source: '$DBT_ENV_SECRET_PW', value: 'one-value' },
      { source: '$WAREHOUSE_PIN', value: 'pin-value' },
    ]);
  });

  it('leaves out a secret-looking name that holds the path of an existing file, unless dbt or the user says it is secret', () => {
    const file = import.meta.filename;
    const env = { SSL_CERT_FILE: file, SSL_CERT_DIR: path.dirname(file), CLIENT_CERT: '/no/such/file.pem', DBT_ENV_SECRET_KEY_FILE: file, LISTED_KEY: file };
    expect(environmentSecrets(env, ['LISTED_KEY']).map((secret) => secret.source)).toEqual(['$CLIENT_CERT', '$DBT_ENV_SECRET_KEY_FILE', '$LISTED_KEY']);
  });
});

describe('redactStream', () => {
  it('redacts whole lines, also a value split over two writes', () => {
    const written: string[] = [];
    const stream = { write: (text: string) => void written.push(text) } as unknown as NodeJS.WriteStream;
    const restore = redactStream(stream, (value) => redactor().redact(value));
    stream.write(`first ${PASSWORD.slice(0, 5)}`);
    stream.write(`${PASSWORD.slice(5)} end\nopen line`);
    restore();
    expect(written.join('')).toBe('first *** end\nopen line');
  });
});
