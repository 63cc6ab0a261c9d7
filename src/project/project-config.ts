/**
 * dbt_project.yml → ProjectConfig: paths with dbt's defaults (and legacy names), vars, hooks,
 * dispatch, quoting, and the raw `models:`/`seeds:`/… config trees.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DailiesError } from '../errors.js';
import type { ProjectConfig } from './types.js';
import type { EnvRenderer } from './env-render.js';
import { readYamlFile } from './yaml-source.js';
import { isPlainMap, ShapeChecker, type YamlMap } from './yaml-shapes.js';

const RESOURCE_CONFIG_KEYS = ['models', 'seeds', 'snapshots', 'tests', 'data_tests', 'sources', 'exposures', 'semantic-models', 'metrics', 'saved-queries'] as const;
const WHERE = 'dbt_project.yml';

/**
 * Reads `<packageRoot>/dbt_project.yml`. `file` is how errors name it (relative to the root project).
 * Top-level text values (name, profile, paths) may use env_var(); config trees are kept raw.
 */
export function readProjectConfig(packageRoot: string, file: string, renderer: EnvRenderer): ProjectConfig {
  const absPath = join(packageRoot, 'dbt_project.yml');
  if (!existsSync(absPath)) {
    throw new DailiesError('config', `No dbt_project.yml found in ${packageRoot}`, {
      place: { file },
      hint: 'Run dailies from the folder holding dbt_project.yml, or pass --project-dir <folder>.',
    });
  }
  const yaml = readYamlFile(absPath, file, 'config');
  const shapes = new ShapeChecker(yaml, 'config');
  const parsed = yaml.value ?? {};
  if (!isPlainMap(parsed)) return shapes.fail(parsed, undefined, 'dbt_project.yml must be a mapping of settings', 'Start the file with `name: my_project`.');
  const top: YamlMap = parsed;

  const text = (key: string): string | undefined => {
    const raw = shapes.optionalString(top, key, WHERE);
    if (raw === undefined) return undefined;
    const rendered = renderer.render(raw, yaml.placeOfKey(top, key));
    return rendered === undefined || rendered === null ? undefined : String(rendered);
  };
  const paths = (keys: string[], fallback: string[]): string[] => {
    for (const key of keys) {
      if (top[key] === undefined || top[key] === null) continue;
      return shapes.stringList(top, key, WHERE).map((path) => String(renderer.render(path, yaml.placeOfKey(top, key))).replace(/\\/g, '/').replace(/\/+$/, ''));
    }
    return fallback;
  };

  const name = text('name');
  if (!name) {
    throw new DailiesError('config', 'dbt_project.yml has no `name`', { place: { file, line: 1 }, hint: 'Add `name: my_project` (letters, digits and underscores) at the top of dbt_project.yml.' });
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new DailiesError('config', `Project name "${name}" is not a valid identifier`, {
      place: yaml.placeOfKey(top, 'name'),
      hint: 'Use only letters, digits and underscores, starting with a letter or underscore (e.g. `movie_analytics`).',
    });
  }

  const modelPaths = paths(['model-paths', 'source-paths'], ['models']);
  const seedPaths = paths(['seed-paths', 'data-paths'], ['seeds']);
  const snapshotPaths = paths(['snapshot-paths'], ['snapshots']);
  const macroPaths = paths(['macro-paths'], ['macros']);
  const testPaths = paths(['test-paths'], ['tests']);
  const analysisPaths = paths(['analysis-paths'], ['analyses']);
  const allResourcePaths = [...new Set([...modelPaths, ...seedPaths, ...snapshotPaths, ...analysisPaths, ...macroPaths, ...testPaths])];

  const resourceConfigs: ProjectConfig['resourceConfigs'] = {};
  for (const key of RESOURCE_CONFIG_KEYS) {
    if (top[key] !== undefined && top[key] !== null) resourceConfigs[key] = shapes.map(top, key, WHERE);
  }

  return {
    name,
    version: text('version'),
    profile: text('profile'),
    modelPaths,
    seedPaths,
    snapshotPaths,
    macroPaths,
    testPaths,
    analysisPaths,
    docsPaths: paths(['docs-paths'], allResourcePaths),
    targetPath: paths(['target-path'], ['target'])[0] ?? 'target',
    packagesInstallPath: paths(['packages-install-path'], ['dbt_packages'])[0] ?? 'dbt_packages',
    // dbt's default: the target folder
    cleanTargets: paths(['clean-targets'], [paths(['target-path'], ['target'])[0] ?? 'target']),
    restrictAccess: shapes.optionalBoolean(top, 'restrict-access', WHERE) ?? false,
    vars: shapes.map(top, 'vars', WHERE),
    resourceConfigs,
    onRunStart: hooks(shapes, top, 'on-run-start'),
    onRunEnd: hooks(shapes, top, 'on-run-end'),
    dispatch: dispatchEntries(shapes, top),
    quoting: quoting(shapes, top),
    flags: shapes.map(top, 'flags', WHERE),
    place: { file, line: 1 },
  };
}

function hooks(shapes: ShapeChecker, top: YamlMap, key: string): string[] {
  return shapes.stringList(top, key, WHERE).filter((hook) => hook.trim() !== '');
}

function dispatchEntries(shapes: ShapeChecker, top: YamlMap): ProjectConfig['dispatch'] {
  return shapes.list(top, 'dispatch', WHERE).map((entry) => {
    if (!isPlainMap(entry) || typeof entry.macro_namespace !== 'string') {
      shapes.fail(isPlainMap(entry) ? entry : top, isPlainMap(entry) ? undefined : 'dispatch', 'Each `dispatch:` entry needs a `macro_namespace`', 'Write `- macro_namespace: dbt_utils` with `search_order: [my_project, dbt_utils]`.');
    }
    return { macroNamespace: entry.macro_namespace as string, searchOrder: shapes.stringList(entry, 'search_order', 'a dispatch entry') };
  });
}

function quoting(shapes: ShapeChecker, top: YamlMap): Record<string, boolean> {
  const raw = shapes.map(top, 'quoting', WHERE);
  const result: Record<string, boolean> = {};
  for (const key of Object.keys(raw)) {
    const value = shapes.optionalBoolean(raw, key, 'quoting');
    if (value !== undefined) result[key] = value;
  }
  return result;
}
