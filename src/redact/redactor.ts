/**
 * The one redaction step every outgoing text passes: the PR comment, the check run, the job
 * summary, the report files, the logs. It knows the secret values (credentials, secret-looking
 * environment variables, names the user lists) and replaces every form of each (see forms.ts)
 * with `***`, the runner's own mask.
 */
import { MIN_SECRET_LENGTH, secretForms } from './forms.js';

export const REDACTED = '***';

/** Placeholder words a credential field or variable holds when it holds nothing: never taken for a secret. */
const PLACEHOLDER = /^(none|null|nil|undefined|true|false|yes|no|on|off)$/i;

export class Redactor {
  private readonly forms = new Set<string>();
  private pattern: RegExp | null = null;
  /** Names of the sources whose value was too short to redact (reported once, never the value). */
  readonly tooShort: string[] = [];

  /** Adds secret values; `source` names where each came from, for the too-short note. */
  add(values: Iterable<{ source: string; value: string }>): string[] {
    const added: string[] = [];
    for (const { source, value } of values) {
      if (value.trim() === '' || PLACEHOLDER.test(value.trim())) continue;
      if (value.trim().length < MIN_SECRET_LENGTH) {
        if (!this.tooShort.includes(source)) this.tooShort.push(source);
        continue;
      }
      for (const form of secretForms(value)) {
        if (this.forms.has(form)) continue;
        this.forms.add(form);
        added.push(form);
      }
    }
    if (added.length > 0) this.pattern = null;
    return added;
  }

  /** Every form known, longest first (e.g. to register each with the runner's log masking). */
  knownForms(): string[] {
    return [...this.forms].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    if (this.forms.size === 0 || text === '') return text;
    this.pattern ??= new RegExp(this.knownForms().map(escapeRegExp).join('|'), 'g');
    return text.replace(this.pattern, REDACTED);
  }

  /** A copy of a JSON-like value with every string (keys too) redacted. */
  redactDeep<T>(value: T): T {
    if (this.forms.size === 0) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value !== null && typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
      const copy: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(value)) copy[this.redact(key)] = this.walk(entry);
      return copy;
    }
    return value;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
