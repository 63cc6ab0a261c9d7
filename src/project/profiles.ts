/**
 * profiles.yml → the target to run against. Searched in --profiles-dir, the project folder,
 * $DBT_PROFILES_DIR, then ~/.dbt. With no profiles.yml anywhere, a local DuckDB target so a
 * fresh clone runs with zero setup.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { DailiesError } from '../errors.js';
import { createEnvRenderer, type EnvRenderer } from './env-render.js';
import type { TargetConfig } from './types.js';
import { readYamlFile, type LocatedYaml } from './yaml-source.js';
import { isPlainMap, ShapeChecker, type YamlMap } from './yaml-shapes.js';

export interface ResolveTargetOptions {
  projectDir: string;
  profileName: string;
  profilesDir?: string;
  targetName?: string;
  targetPath: string;
  env: Record<string, string | undefined>;
}

/** The folders searched for profiles.yml, in order (relative --profiles-dir and $DBT_PROFILES_DIR are taken from the working directory, as dbt does). */
export function profilesSearchDirs(options: Pick<ResolveTargetOptions, 'projectDir' | 'profilesDir' | 'env'>): string[] {
  const dirs: string[] = [];
  if (options.profilesDir) dirs.push(resolve(options.profilesDir));
  dirs.push(options.projectDir);
  const fromEnv = options.env.DBT_PROFILES_DIR;
  if (fromEnv) dirs.push(resolve(fromEnv));
  dirs.push(join(options.env.HOME || homedir(), '.dbt'));
  return dirs;
}

export function findProfilesFile(options: Pick<ResolveTargetOptions, 'projectDir' | 'profilesDir' | 'env'>): string | undefined {
  for (const dir of profilesSearchDirs(options)) {
    const candidate = join(dir, 'profiles.yml');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function defaultTarget(projectDir: string, targetPath: string, name = 'dev'): TargetConfig {
  return { name, type: 'duckdb', path: resolve(projectDir, targetPath, `${name}.duckdb`), schema: 'main', threads: 4 };
}

export function resolveTarget(options: ResolveTargetOptions): TargetConfig {
  const profilesPath = findProfilesFile(options);
  if (!profilesPath) return defaultTarget(options.projectDir, options.targetPath, options.targetName);
  const file = displayPath(options.projectDir, profilesPath);
  const yaml = readYamlFile(profilesPath, file, 'config');
  const shapes = new ShapeChecker(yaml, 'config');
  const renderer = createEnvRenderer(options.env);
  const profiles = isPlainMap(yaml.value) ? yaml.value : {};
  const names = Object.keys(profiles).filter((name) => name !== 'config');

  const profile = profiles[options.profileName];
  if (!isPlainMap(profile)) {
    throw new DailiesError('config', `Profile "${options.profileName}" not found in profiles.yml`, {
      place: { file },
      hint: names.length > 0 ? `Profiles in this file: ${names.join(', ')}. Set \`profile:\` in dbt_project.yml to one of them, or add "${options.profileName}".` : `Add a profile named "${options.profileName}" with \`target:\` and \`outputs:\`.`,
    });
  }
  const outputs = shapes.map(profile, 'outputs', `profile "${options.profileName}"`);
  const targetNames = Object.keys(outputs);
  const targetName = options.targetName ?? renderText(renderer, yaml, profile, 'target') ?? (targetNames.length === 1 ? targetNames[0]! : 'dev');
  const output = outputs[targetName];
  if (!isPlainMap(output)) {
    throw new DailiesError('config', `Target "${targetName}" not found in profile "${options.profileName}"`, {
      place: yaml.placeOfKey(profile, options.targetName ? 'outputs' : 'target'),
      hint: targetNames.length > 0 ? `Targets of this profile: ${targetNames.join(', ')}. Pass --target with one of them.` : 'Add the target under `outputs:`.',
    });
  }
  return buildTarget(targetName, renderValues(renderer, yaml, output) as YamlMap, yaml, output, options.projectDir);
}

function buildTarget(name: string, values: YamlMap, yaml: LocatedYaml, raw: YamlMap, projectDir: string): TargetConfig {
  const fail = (key: string, message: string, hint: string): never => {
    throw new DailiesError('config', message, { place: yaml.placeOfKey(raw, key), hint });
  };
  const type = values.type;
  if (typeof type !== 'string' || type === '') return fail('type', `Target "${name}" has no \`type\``, 'Add `type: duckdb` (or `type: snowflake`) to the target.');
  const schemaValue = values.schema ?? (type === 'duckdb' ? 'main' : undefined);
  if (schemaValue === undefined || schemaValue === null || schemaValue === '') return fail('schema', `Target "${name}" has no \`schema\``, 'Add `schema: <your schema>` to the target.');
  const schema = String(schemaValue);
  let threads = values.threads ?? 4;
  if (typeof threads === 'string' && /^\d+$/.test(threads.trim())) threads = Number(threads);
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1) return fail('threads', `\`threads\` of target "${name}" must be a whole number of at least 1`, 'Write e.g. `threads: 4`.');
  const target: TargetConfig = { ...values, name, type, schema, threads };
  if (values.database !== undefined && values.database !== null) target.database = String(values.database);
  if (type === 'duckdb' && typeof values.path === 'string' && !isUriLike(values.path) && !isAbsolute(values.path)) {
    target.path = resolve(projectDir, values.path);
  }
  return target;
}

function isUriLike(path: string): boolean {
  return path === ':memory:' || path.startsWith(':memory:') || /^[A-Za-z][A-Za-z0-9+.-]+:/.test(path);
}

function renderText(renderer: EnvRenderer, yaml: LocatedYaml, owner: YamlMap, key: string): string | undefined {
  const value = owner[key];
  if (value === undefined || value === null) return undefined;
  const rendered = typeof value === 'string' ? renderer.render(value, yaml.placeOfKey(owner, key)) : value;
  return String(rendered);
}

/** Renders every string inside `value` (keys kept), naming the line of the key on errors. */
function renderValues(renderer: EnvRenderer, yaml: LocatedYaml, value: unknown, owner?: unknown, key?: string): unknown {
  if (typeof value === 'string') return renderer.render(value, owner !== undefined && key !== undefined ? yaml.placeOfKey(owner, key) : yaml.placeOf(owner));
  if (Array.isArray(value)) return value.map((item) => renderValues(renderer, yaml, item, value, key));
  if (isPlainMap(value)) {
    const result: YamlMap = {};
    for (const [entryKey, entry] of Object.entries(value)) result[entryKey] = renderValues(renderer, yaml, entry, value, entryKey);
    return result;
  }
  return value;
}

function displayPath(projectDir: string, absPath: string): string {
  const rel = relative(projectDir, absPath);
  return rel.startsWith('..') || isAbsolute(rel) ? absPath : rel.replace(/\\/g, '/');
}
