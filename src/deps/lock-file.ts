/**
 * package-lock.yml as dbt 1.11 writes it: every resolved package (the declared ones and their
 * dependencies) pinned — hub packages to a version, git packages to a commit — with the folder
 * name it installs under, and `sha1_hash`, the hash of the declared packages that tells whether
 * packages.yml changed since the lock was written.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { PackageSpec } from '../project/package-specs.js';

/** One line of the lock: dbt's pinned-package dict plus `name`. */
export type LockEntry = Record<string, string>;

/**
 * dbt's `_create_sha1_hash`: each declared package as its contract dict (fields with their
 * defaults, `name` only when given, and the entry as written under `unrendered`), dumped as
 * Python's `json.dumps(sort_keys=True)` does, sorted, joined by newlines, SHA-1.
 */
export function packagesHash(specs: PackageSpec[]): string {
  const lines = specs.map((spec) => pythonJson(contractDict(spec))).sort();
  return createHash('sha1').update(lines.join('\n'), 'utf8').digest('hex');
}

function contractDict(spec: PackageSpec): Record<string, unknown> {
  const r = spec.rendered;
  const field = (key: string, fallback: unknown = null): unknown => (key in r ? r[key] : fallback);
  const named = (dict: Record<string, unknown>): Record<string, unknown> => {
    if (r.name !== undefined && r.name !== null) dict.name = r.name;
    return dict;
  };
  switch (spec.kind) {
    case 'hub':
      return named({ package: r.package, version: r.version, install_prerelease: field('install_prerelease', false), unrendered: spec.unrendered });
    case 'git':
      return named({ git: r.git, revision: field('revision'), 'warn-unpinned': field('warn-unpinned'), subdirectory: field('subdirectory'), unrendered: spec.unrendered });
    case 'local':
      return named({ local: r.local, unrendered: spec.unrendered });
    case 'tarball':
      return { tarball: r.tarball, name: r.name, unrendered: spec.unrendered };
    case 'private':
      return named({ private: r.private, provider: field('provider'), revision: field('revision'), 'warn-unpinned': field('warn-unpinned'), subdirectory: field('subdirectory'), unrendered: spec.unrendered });
  }
}

/** `json.dumps(value, sort_keys=True)`: `, ` and `: ` separators, ASCII-only output. */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(value);
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value instanceof Date) return pythonJson(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${pythonJson(key)}: ${pythonJson(item)}`).join(', ')}}`;
}

/** The lock's text, as PyYAML's `yaml.dump` (sorted keys, indented list items) writes it. */
export function formatLockFile(entries: LockEntry[], sha1: string): string {
  const lines = ['packages:'];
  for (const entry of entries) {
    Object.keys(entry)
      .sort()
      .forEach((key, index) => lines.push(`${index === 0 ? '  - ' : '    '}${key}: ${yamlScalar(entry[key]!)}`));
  }
  if (entries.length === 0) lines[0] = 'packages: []';
  lines.push(`sha1_hash: ${sha1}`);
  return `${lines.join('\n')}\n`;
}

export function writeLockFile(path: string, entries: LockEntry[], sha1: string): void {
  writeFileSync(path, formatLockFile(entries, sha1));
}

const YAML11_SPECIAL = new RegExp(
  [
    /[-+]?\d[\d_]*\.[\d_]*(?:[eE][-+]\d+)?|\.[\d_]+(?:[eE][-+]\d+)?|[-+]?\d[\d_]*(?::[0-5]?\d)+\.[\d_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)/.source,
    /[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][\d_]*)|[-+]?0x[\da-fA-F_]+|[-+]?[1-9][\d_]*(?::[0-5]?\d)+/.source,
    /yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|\d{4}-\d\d?-\d\d?.*/.source,
  ].map((part) => `(?:${part})`).join('|').replace(/^/, '^(?:').concat(')$'),
);

/** A string as PyYAML emits it: plain when it reads back as the same string, else single-quoted. */
function yamlScalar(text: string): string {
  const plain = text !== '' && /^[^\s\-?:,[\]{}#&*!|>'"%@`]/.test(text) && !/[\s]$/.test(text) && !/: |:$| #/.test(text) && !YAML11_SPECIAL.test(text) && !/[\n\t]/.test(text);
  const dashStart = /^-[^\s]/.test(text) && !YAML11_SPECIAL.test(text);
  return plain || dashStart ? text : `'${text.replace(/'/g, "''")}'`;
}
