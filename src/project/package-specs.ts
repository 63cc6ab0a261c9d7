/**
 * The packages a project asks for: `packages:` of packages.yml or dependencies.yml (or of
 * package-lock.yml), read into typed specs with their places. String values are rendered with
 * env_var() as dbt's PackageRenderer does; the entry as written is kept for the lock hash.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DailiesError, type SourcePlace } from '../errors.js';
import { createEnvRenderer, type EnvRenderer } from './env-render.js';
import { describe, isPlainMap, ShapeChecker, type YamlMap } from './yaml-shapes.js';
import { readYamlFile, type LocatedYaml } from './yaml-source.js';

interface SpecBase {
  /** The entry after env_var() rendering. */
  rendered: YamlMap;
  /** The entry as written (dbt hashes both). */
  unrendered: YamlMap;
  place: SourcePlace;
}

export interface HubSpec extends SpecBase {
  kind: 'hub';
  package: string;
  /** dbt version specifiers, e.g. `>=1.0.0`, `<2.0.0`, `1.3.0`. */
  versions: string[];
  installPrerelease: boolean;
}
export interface GitSpec extends SpecBase {
  kind: 'git';
  git: string;
  revision?: string;
  subdirectory?: string;
  warnUnpinned: boolean;
}
export interface LocalSpec extends SpecBase {
  kind: 'local';
  local: string;
}
export interface TarballSpec extends SpecBase {
  kind: 'tarball';
  tarball: string;
  name: string;
}
/** `private:` (dbt Cloud's git provider integration): read, so a vendored copy loads, but not installable. */
export interface PrivateSpec extends SpecBase {
  kind: 'private';
  private: string;
}
export type PackageSpec = HubSpec | GitSpec | LocalSpec | TarballSpec | PrivateSpec;

export const DEPENDENCY_FILES = ['packages.yml', 'dependencies.yml'] as const;
export const LOCK_FILE = 'package-lock.yml';

export interface DeclaredPackages {
  /** The file the specs came from (relative to the project), when there is one. */
  file?: string;
  specs: PackageSpec[];
}

/**
 * Reads the packages a project (or an installed package) declares. dbt reads packages.yml, and
 * dependencies.yml only when packages.yml is absent; both holding packages is an error.
 */
export function readDeclaredPackages(root: string, env: Record<string, string | undefined>, label = ''): DeclaredPackages {
  const present = DEPENDENCY_FILES.filter((file) => existsSync(join(root, file)));
  const renderer = createEnvRenderer(env, 'config');
  const read = present.map((file) => ({ file, yaml: readYamlFile(join(root, file), `${label}${file}`, 'config') }));
  const withPackages = read.filter(({ yaml }) => isPlainMap(yaml.value) && yaml.value.packages !== undefined && yaml.value.packages !== null);
  if (withPackages.length > 1) {
    throw new DailiesError('config', 'Both packages.yml and dependencies.yml list `packages:`', {
      place: { file: `${label}dependencies.yml` },
      hint: 'Keep the packages in one of the two files (dbt reads only one).',
    });
  }
  const chosen = withPackages[0] ?? read[0];
  if (chosen === undefined) return { specs: [] };
  return { file: chosen.yaml.file, specs: readPackageList(chosen.yaml, renderer) };
}

/** The `packages:` list of a parsed packages.yml / dependencies.yml / package-lock.yml. */
export function readPackageList(yaml: LocatedYaml, renderer: EnvRenderer = createEnvRenderer({}, 'config')): PackageSpec[] {
  const shapes = new ShapeChecker(yaml, 'config');
  if (yaml.value === undefined || yaml.value === null) return [];
  if (!isPlainMap(yaml.value)) {
    return shapes.fail(yaml.value, undefined, `${yaml.file} must be a mapping with a \`packages:\` list, not ${describe(yaml.value)}`, 'Write `packages:` followed by entries like `- package: dbt-labs/dbt_utils`.');
  }
  const entries = shapes.list(yaml.value, 'packages', yaml.file);
  return entries.map((entry, index) => {
    if (!isPlainMap(entry)) {
      return shapes.fail(entries, String(index), `Entry ${index + 1} of \`packages:\` in ${yaml.file} must be a mapping, not ${describe(entry)}`, 'Write `- package: dbt-labs/dbt_utils` (with `version:`), `- git: <url>`, `- local: <folder>` or `- tarball: <url>` (with `name:`).');
    }
    return readSpec(entry, yaml, shapes, renderer, entries, index);
  });
}

function readSpec(entry: YamlMap, yaml: LocatedYaml, shapes: ShapeChecker, renderer: EnvRenderer, entries: unknown[], index: number): PackageSpec {
  const rendered = renderValues(entry, yaml, renderer) as YamlMap;
  const place = yaml.placeOfKey(entries, String(index));
  const base = { rendered, unrendered: entry, place };
  const where = `entry ${index + 1} of \`packages:\` in ${yaml.file}`;
  const text = (key: string): string | undefined => shapes.optionalString(rendered, key, where);
  if (rendered.local !== undefined) return { kind: 'local', local: required(text('local'), 'local'), ...base };
  if (rendered.tarball !== undefined) {
    const name = text('name');
    if (name === undefined) shapes.fail(entry, 'tarball', `The tarball package in ${where} has no \`name:\``, 'dbt installs a tarball under the name you give it: add `name: <package_name>`.');
    return { kind: 'tarball', tarball: required(text('tarball'), 'tarball'), name, ...base };
  }
  if (rendered.git !== undefined) {
    return {
      kind: 'git',
      git: required(text('git'), 'git'),
      revision: text('revision'),
      subdirectory: text('subdirectory'),
      warnUnpinned: rendered['warn-unpinned'] !== false,
      ...base,
    };
  }
  if (rendered.package !== undefined) {
    const version = rendered.version;
    if (version === undefined || version === null) {
      shapes.fail(entry, 'package', `Hub package "${String(rendered.package)}" in ${yaml.file} has no \`version:\``, 'Add a version or a range, e.g. `version: [">=1.0.0", "<2.0.0"]`.');
    }
    const versions = Array.isArray(version) ? version.map(String) : [String(version)];
    return {
      kind: 'hub',
      package: required(text('package'), 'package'),
      versions,
      installPrerelease: rendered.install_prerelease === true || rendered['install-prerelease'] === true,
      ...base,
    };
  }
  if (rendered.private !== undefined) return { kind: 'private', private: required(text('private'), 'private'), ...base };
  return shapes.fail(entries, String(index), `${where[0]!.toUpperCase()}${where.slice(1)} names no package`, 'Write `- package: dbt-labs/dbt_utils`, `- git: <url>`, `- local: <folder>` or `- tarball: <url>`.');
}

function required(value: string | undefined, key: string): string {
  if (value === undefined || value === '') throw new DailiesError('config', `A package entry has an empty \`${key}:\``, { hint: `Give \`${key}:\` a value.` });
  return value;
}

function renderValues(value: unknown, yaml: LocatedYaml, renderer: EnvRenderer, owner?: unknown, key?: string): unknown {
  if (typeof value === 'string') return renderer.render(value, owner === undefined || key === undefined ? yaml.placeOf(value) : yaml.placeOfKey(owner, key));
  if (Array.isArray(value)) return value.map((item, index) => renderValues(item, yaml, renderer, value, String(index)));
  if (isPlainMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValues(v, yaml, renderer, value, k)]));
  return value;
}
