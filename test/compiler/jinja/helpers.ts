/** Builds environments from inline macro files for the jinja tests. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJinjaEnvironment } from '../../../src/compiler/jinja/index.js';
import type { JinjaEnvironment, JinjaEnvironmentOptions, RenderTracker } from '../../../src/compiler/jinja/types.js';
import type { ProjectFile } from '../../../src/project/types.js';

export const fixturesDir = fileURLToPath(new URL('../../fixtures/jinja/', import.meta.url));

export function macroFile(packageName: string, relPath: string, contents: string): ProjectFile {
  return { absPath: `/project/${packageName === 'root' ? '' : `dbt_packages/${packageName}/`}${relPath}`, relPath, pathInResourceDir: relPath, contents, packageName };
}

export function makeEnv(files: ProjectFile[] = [], extra: Partial<JinjaEnvironmentOptions> = {}): JinjaEnvironment {
  const packages = [...new Set(['root', ...files.map((f) => f.packageName)])];
  return createJinjaEnvironment({ adapterType: 'duckdb', rootPackage: 'root', packageNames: packages, macroFiles: files, dispatch: [], projectRoot: '/project', log: () => {}, ...extra });
}

export function tracker(): RenderTracker {
  return { macrosCalled: new Set(), logs: [] };
}

export const target = { name: 'dev', type: 'duckdb', schema: 'analytics', database: 'warehouse', threads: 1 };

/** Every .sql file under `<root>/<macroDir>` of a fixture package, as ProjectFiles. */
export function loadMacroDir(projectRoot: string, packageRoot: string, packageName: string, macroDir = 'macros'): ProjectFile[] {
  const files: ProjectFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.sql')) {
        files.push({ absPath: path, relPath: relative(packageRoot, path), pathInResourceDir: relative(join(packageRoot, macroDir), path), contents: readFileSync(path, 'utf8'), packageName });
      }
    }
  };
  walk(join(packageRoot, macroDir));
  void projectRoot;
  return files;
}
