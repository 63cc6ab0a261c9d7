/**
 * `modules.re` as dbt exposes Python's: search, match, fullmatch, sub, findall, split, compile,
 * escape, with Python pattern syntax translated (`(?P<name>…)`, inline `(?i)` flags, `\g<1>` in
 * replacements). A failed match is None.
 */
import { callArguments } from './call-arguments.js';

const IGNORECASE = 2;
const MULTILINE = 8;
const DOTALL = 16;

function toRegExp(pattern: unknown, flags: unknown, extra = ''): RegExp {
  if (pattern instanceof PyPattern) return new RegExp(pattern.regex.source, pattern.regex.flags.replace('g', '') + extra);
  let source = String(pattern).replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>').replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, '\\k<$1>');
  let jsFlags = '';
  const bits = typeof flags === 'number' ? flags : 0;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    if (inline[1]!.includes('i')) jsFlags += 'i';
    if (inline[1]!.includes('m')) jsFlags += 'm';
    if (inline[1]!.includes('s')) jsFlags += 's';
  }
  if (bits & IGNORECASE && !jsFlags.includes('i')) jsFlags += 'i';
  if (bits & MULTILINE && !jsFlags.includes('m')) jsFlags += 'm';
  if (bits & DOTALL && !jsFlags.includes('s')) jsFlags += 's';
  source = source.replace(/\\A/g, '^').replace(/\\Z/g, '$');
  return new RegExp(source, jsFlags + extra);
}

export class PyMatch {
  constructor(private readonly match: RegExpExecArray) {}
  group(...which: unknown[]): unknown {
    const pick = (index: unknown): string | null => {
      const value = typeof index === 'string' ? this.match.groups?.[index] : this.match[Number(index ?? 0)];
      return value === undefined ? null : value;
    };
    if (which.length <= 1) return pick(which[0]);
    return which.map(pick);
  }
  groups(): (string | null)[] {
    return this.match.slice(1).map((value) => (value === undefined ? null : value));
  }
  groupdict(): Record<string, string | null> {
    return Object.fromEntries(Object.entries(this.match.groups ?? {}).map(([key, value]) => [key, value ?? null]));
  }
  start(): number {
    return this.match.index;
  }
  end(): number {
    return this.match.index + this.match[0].length;
  }
  span(): number[] {
    return [this.start(), this.end()];
  }
  toString(): string {
    return `<re.Match object; span=(${this.start()}, ${this.end()}), match='${this.match[0]}'>`;
  }
}

function search(pattern: unknown, text: unknown, flags?: unknown): PyMatch | null {
  const found = toRegExp(pattern, flags).exec(String(text));
  return found ? new PyMatch(found) : null;
}

function match(pattern: unknown, text: unknown, flags?: unknown): PyMatch | null {
  const found = toRegExp(pattern, flags, 'y').exec(String(text));
  return found ? new PyMatch(found) : null;
}

function fullmatch(pattern: unknown, text: unknown, flags?: unknown): PyMatch | null {
  const regex = toRegExp(pattern, flags);
  const found = new RegExp(`^(?:${regex.source})$`, regex.flags).exec(String(text));
  return found ? new PyMatch(found) : null;
}

function sub(...args: unknown[]): string {
  const { positional, keywords } = callArguments(args);
  const [pattern, repl, text, countArg, flagsArg] = positional;
  const count = Number(keywords.count ?? countArg ?? 0);
  const regex = toRegExp(pattern, keywords.flags ?? flagsArg, 'g');
  const groupCount = new RegExp(`${regex.source}|`, regex.flags.replace(/[gy]/g, '')).exec('')!.length - 1;
  let done = 0;
  return String(text).replace(regex, (...found: unknown[]) => {
    const whole = found[0] as string;
    if (count > 0 && done >= count) return whole;
    done++;
    const groups = found.slice(1, groupCount + 1) as (string | undefined)[];
    const named = typeof found[found.length - 1] === 'object' ? (found[found.length - 1] as Record<string, string | undefined>) : {};
    if (typeof repl === 'function') {
      const exec = Object.assign([whole, ...groups], { index: found[groupCount + 1] as number, input: String(text), groups: named }) as unknown as RegExpExecArray;
      return String(repl(new PyMatch(exec)));
    }
    return String(repl).replace(/\\(\d+)|\\g<(\w+)>/g, (_m, num: string | undefined, name: string | undefined) => {
      const key = num ?? name!;
      const value = /^\d+$/.test(key) ? (key === '0' ? whole : groups[Number(key) - 1]) : named[key];
      return value ?? '';
    });
  });
}

function findall(pattern: unknown, text: unknown, flags?: unknown): unknown[] {
  const regex = toRegExp(pattern, flags, 'g');
  const results: unknown[] = [];
  for (const found of String(text).matchAll(regex)) {
    const groups = found.slice(1).map((value) => value ?? '');
    results.push(groups.length === 0 ? found[0] : groups.length === 1 ? groups[0] : groups);
  }
  return results;
}

function split(pattern: unknown, text: unknown, maxsplit?: unknown, flags?: unknown): string[] {
  const parts = String(text).split(toRegExp(pattern, flags, 'g'));
  const limit = Number(maxsplit ?? 0);
  if (limit > 0 && parts.length > limit + 1) return [...parts.slice(0, limit), parts.slice(limit).join('')];
  return parts;
}

export class PyPattern {
  constructor(readonly regex: RegExp) {}
  get pattern(): string {
    return this.regex.source;
  }
  search(text: unknown): PyMatch | null {
    return search(this, text);
  }
  match(text: unknown): PyMatch | null {
    return match(this, text);
  }
  fullmatch(text: unknown): PyMatch | null {
    return fullmatch(this, text);
  }
  findall(text: unknown): unknown[] {
    return findall(this, text);
  }
  sub(repl: unknown, text: unknown, count?: unknown): string {
    return sub(this, repl, text, count);
  }
  split(text: unknown, maxsplit?: unknown): string[] {
    return split(this, text, maxsplit);
  }
}

export const reModule = {
  search,
  match,
  fullmatch,
  sub,
  findall,
  split,
  compile: (pattern: unknown, flags?: unknown) => new PyPattern(toRegExp(pattern, flags)),
  escape: (text: unknown) => String(text).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'),
  IGNORECASE,
  I: IGNORECASE,
  MULTILINE,
  M: MULTILINE,
  DOTALL,
  S: DOTALL,
};
