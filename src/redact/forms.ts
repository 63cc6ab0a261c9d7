/**
 * Every form in which a secret's value may appear in text we send or write: as it is, each line
 * of a multi-line value (a PEM key's body), without its whitespace, URL-encoded, form-encoded,
 * JSON-escaped (once and twice), SQL-quoted, HTML- and Markdown-escaped as the report escapes
 * text, and base64 / base64url at each of the three byte alignments it can have inside a longer
 * encoded text (e.g. `user:password` in a Basic auth header).
 */
import { html, text as markdownText } from '../review/report/escape.js';

/** Values shorter than this are never redacted: "a" or "on" would erase ordinary text, not protect anything. */
export const MIN_SECRET_LENGTH = 4;
/** A line of a multi-line value, or a base64 fragment, is redacted on its own from this length (PEM dashes and short lines are not secret). */
const MIN_FRAGMENT_LENGTH = 8;

/** The text forms a value takes before it is transformed: the value, trimmed, each line, without whitespace. */
function baseForms(value: string): string[] {
  const forms = new Set<string>();
  const trimmed = value.trim();
  if (trimmed.length < MIN_SECRET_LENGTH) return [];
  forms.add(value);
  forms.add(trimmed);
  if (/[\r\n]/.test(trimmed)) {
    forms.add(trimmed.replace(/\r?\n/g, '\r\n'));
    forms.add(trimmed.replace(/\r\n/g, '\n'));
    const lines = trimmed.split(/\r?\n/).map((line) => line.trim());
    for (const line of lines) if (line.length >= MIN_FRAGMENT_LENGTH) forms.add(line);
    // A PEM key's body without its BEGIN/END lines, as one base64 run.
    const body = lines.filter((line) => !/^-----(BEGIN|END) /.test(line)).join('');
    if (body.length >= MIN_FRAGMENT_LENGTH) forms.add(body);
  }
  const joined = trimmed.replace(/\s+/g, '');
  if (joined.length >= MIN_SECRET_LENGTH) forms.add(joined);
  return [...forms];
}

/** Base64 and base64url of `value` at byte offsets 0, 1 and 2: the characters that depend on the value alone. */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms: string[] = [Buffer.from(value, 'utf8').toString('base64')];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const fullGroups = Math.floor((offset + bytes.length) / 3);
    // The first group mixes in the bytes before the value; the last partial group, those after it.
    const stable = encoded.slice(offset === 0 ? 0 : 4, fullGroups * 4);
    if (stable.length >= MIN_FRAGMENT_LENGTH) forms.push(stable);
  }
  const all = new Set<string>();
  for (const form of forms) {
    all.add(form);
    all.add(form.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, ''));
  }
  return [...all];
}

function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

function urlForms(value: string): string[] {
  const encoded = encodeURIComponent(value);
  const strict = encoded.replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return [encoded, strict, encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()), encoded.replaceAll('%20', '+'), encodeURI(value)];
}

/** Every form of `value` worth redacting, longest first; empty for values shorter than MIN_SECRET_LENGTH. */
export function secretForms(value: string): string[] {
  const forms = new Set<string>();
  for (const base of baseForms(value)) {
    const variants = [base, jsonEscaped(base), jsonEscaped(jsonEscaped(base)), base.replaceAll("'", "''"), html(base), markdownText(base), ...urlForms(base)];
    for (const variant of variants) forms.add(variant);
    for (const encoded of base64Forms(base)) forms.add(encoded);
  }
  return [...forms].filter((form) => form.trim().length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}
