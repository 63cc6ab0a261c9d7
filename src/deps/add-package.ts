/**
 * `dailies deps --add-package NAME[@VERSION] [--source hub|git|local]`, as dbt 1.11's: the entry is
 * added to the project's `packages:` (packages.yml, or dependencies.yml when that file holds
 * them), replacing an entry for the same package, comments and order of the rest kept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { DailiesError } from '../errors.js';
import { DEPENDENCY_FILES } from '../project/package-specs.js';

export type PackageSource = 'hub' | 'git' | 'local';
export const PACKAGE_SOURCES: readonly PackageSource[] = ['hub', 'git', 'local'];

/** What the declaration file becomes: its path, new text and what was said about it. */
export interface AddedPackage {
  file: string;
  /** The file's text before (null: it did not exist). */
  before: string | null;
  after: string;
  log: string[];
}

/** `name@version`: split at the last `@` that a version follows (`git@github.com:o/r.git@v1` keeps its first). */
export function splitPackageArgument(argument: string): { name: string; version: string | null } {
  const at = argument.lastIndexOf('@');
  const tail = at > 0 ? argument.slice(at + 1) : '';
  if (at <= 0 || tail.includes('/') || tail.includes(':')) return { name: argument, version: null };
  return { name: argument.slice(0, at), version: tail === '' ? null : tail };
}

function entryFor(name: string, version: string | null, source: PackageSource): Record<string, unknown> {
  if (source === 'local') {
    if (version !== null) throw new DailiesError('usage', `--add-package ${name}@${version}: a local package has no version`, { hint: `write --add-package ${name} --source local` });
    return { local: name };
  }
  if (source === 'git') return version === null ? { git: name } : { git: name, revision: version };
  if (version === null) throw new DailiesError('usage', `--add-package ${name}: a hub package needs a version`, { hint: `write --add-package ${name}@1.0.0 (or a range: "${name}@>=1.0.0,<2.0.0")` });
  const ranges = version.split(',').map((part) => part.trim()).filter(Boolean);
  return { package: name, version: ranges.length === 1 ? ranges[0] : ranges };
}

/** The file `packages:` lives in: the one that lists them, else packages.yml. */
function declarationFile(root: string): string {
  for (const file of DEPENDENCY_FILES) {
    const path = join(root, file);
    if (existsSync(path) && /^packages\s*:/m.test(readFileSync(path, 'utf8'))) return path;
  }
  return join(root, DEPENDENCY_FILES[0]);
}

/** The identifier an entry names its package by (`package:`, `git:`, `local:`, `tarball:`). */
function identifierOf(entry: unknown): string | undefined {
  if (!isMap(entry)) return undefined;
  for (const key of ['package', 'git', 'local', 'tarball']) {
    const value = entry.get(key);
    if (typeof value === 'string') return value;
  }
  return undefined;
}

export function addPackageEntry(root: string, argument: string, source: PackageSource): AddedPackage {
  if (!PACKAGE_SOURCES.includes(source)) throw new DailiesError('usage', `unknown --source '${source}'`, { hint: 'use hub, git or local' });
  const { name, version } = splitPackageArgument(argument.trim());
  if (name === '') throw new DailiesError('usage', '--add-package needs a package name', { hint: 'write --add-package dbt-labs/dbt_utils@1.3.0' });
  const entry = entryFor(name, version, source);
  const file = declarationFile(root);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
  const document: Document = parseDocument(before ?? 'packages: []\n');
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    throw new DailiesError('config', `cannot add a package to ${file}: ${error.message.split('\n')[0]}`, {
      place: { file, line: error.linePos?.[0]?.line },
      hint: 'fix the YAML first',
    });
  }
  if (document.contents === null || (isScalar(document.contents) && document.contents.value === null)) document.contents = document.createNode({ packages: [] }) as never;
  if (!isMap(document.contents)) throw new DailiesError('config', `${file} must be a mapping with a \`packages:\` list`, { place: { file, line: 1 }, hint: 'Write `packages:` followed by entries.' });
  let list = document.contents.get('packages');
  if (list === undefined || list === null || (isScalar(list) && list.value === null)) {
    list = new YAMLSeq();
    document.contents.set('packages', list);
  }
  if (!isSeq(list)) throw new DailiesError('config', `\`packages:\` of ${file} must be a list`, { place: { file }, hint: 'Write each package as `- package: …` on its own line.' });
  const log: string[] = [];
  for (let index = list.items.length - 1; index >= 0; index--) {
    const existing = list.items[index];
    if (identifierOf(existing) !== name) continue;
    log.push(`Found duplicate package in ${basename(file)}, removing: ${JSON.stringify((existing as YAMLMap).toJSON())}`);
    list.items.splice(index, 1);
  }
  list.flow = false;
  list.items.push(document.createNode(entry));
  log.push(`Added new package ${name}@${version ?? ''} to ${file}`);
  return { file, before, after: document.toString(), log };
}
