/**
 * Shape checks for values read with `parseYaml`: each check either returns the value in the
 * expected shape or throws a DailiesError naming `file:line` and what to write instead.
 */
import { DailiesError, type ErrorKind } from '../errors.js';
import type { LocatedYaml } from './yaml-source.js';

export type YamlMap = Record<string, unknown>;

export function isPlainMap(value: unknown): value is YamlMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export class ShapeChecker {
  constructor(
    readonly yaml: LocatedYaml,
    readonly kind: ErrorKind = 'yaml',
  ) {}

  fail(owner: unknown, key: string | undefined, message: string, hint: string): never {
    const place = key === undefined ? this.yaml.placeOf(owner) : this.yaml.placeOfKey(owner, key);
    throw new DailiesError(this.kind, message, { place, hint });
  }

  /** `owner[key]` must be a map (absent → `{}`). */
  map(owner: YamlMap, key: string, where: string): YamlMap {
    const value = owner[key];
    if (value === undefined || value === null) return {};
    if (!isPlainMap(value)) {
      this.fail(owner, key, `\`${key}\` of ${where} must be a mapping, not ${describe(value)}`, `Write \`${key}:\` followed by indented \`name: value\` lines.`);
    }
    return value;
  }

  /** `owner[key]` must be a list (absent → `[]`). */
  list(owner: YamlMap, key: string, where: string): unknown[] {
    const value = owner[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.fail(owner, key, `\`${key}\` of ${where} must be a list, not ${describe(value)}`, `Write each entry of \`${key}:\` on its own line starting with \`- \`.`);
    }
    return value;
  }

  /** `owner[key]` must be a string (numbers and booleans are accepted and turned to text). */
  optionalString(owner: YamlMap, key: string, where: string): string | undefined {
    const value = owner[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.fail(owner, key, `\`${key}\` of ${where} must be text, not ${describe(value)}`, `Write \`${key}:\` followed by a single value on the same line.`);
  }

  string(owner: YamlMap, key: string, where: string, fallback = ''): string {
    return this.optionalString(owner, key, where) ?? fallback;
  }

  optionalBoolean(owner: YamlMap, key: string, where: string): boolean | undefined {
    const value = owner[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    return this.fail(owner, key, `\`${key}\` of ${where} must be true or false, not ${describe(value)}`, `Write \`${key}: true\` or \`${key}: false\`.`);
  }

  /** A string or a list of strings (dbt accepts both for tags, hooks, …). */
  stringList(owner: YamlMap, key: string, where: string): string[] {
    const value = owner[key];
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.map(String);
    return this.fail(owner, key, `\`${key}\` of ${where} must be a text value or a list of them`, `Write \`${key}: [a, b]\` or a single \`${key}: a\`.`);
  }

  /** Every entry of a list must be a map with a text `name`. */
  namedEntries(owner: YamlMap, key: string, where: string): YamlMap[] {
    const list = this.list(owner, key, where);
    return list.map((entry, index) => {
      if (!isPlainMap(entry)) {
        this.fail(list, String(index), `Entry ${index + 1} of \`${key}\` in ${where} must be a mapping with a \`name:\`, not ${describe(entry)}`, `Write entries as \`- name: my_${singular(key)}\`.`);
      }
      const name = entry.name;
      if (typeof name !== 'string' || name.trim() === '') {
        this.fail(entry, name === undefined ? undefined : 'name', `An entry of \`${key}\` in ${where} has no \`name\``, `Give the entry a name: \`- name: my_${singular(key)}\`.`);
      }
      return entry;
    });
  }
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value} ${String(value)}`;
}

function singular(key: string): string {
  if (key === 'analyses') return 'analysis';
  return key.endsWith('s') ? key.slice(0, -1) : key;
}
