/**
 * Where the packages of a project live: every folder under `<packages-install-path>/` holding a
 * dbt_project.yml (installed by `dailies deps`, or vendored), plus `local:` entries of
 * packages.yml / dependencies.yml. Loading never downloads anything.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DailiesError } from '../errors.js';
import type { ProjectConfig } from './types.js';
import { readYamlFile } from './yaml-source.js';
import { describe, isPlainMap, ShapeChecker } from './yaml-shapes.js';

const DEPENDENCY_FILES = ['packages.yml', 'dependencies.yml'];

interface DeclaredPackages {
  /** Absolute folders of `local:` packages. */
  local: string[];
  /** Hub / git / tarball / private entries (which must be vendored), as written, for messages. */
  remote: string[];
  file?: string;
}

function readDeclaredPackages(projectRoot: string): DeclaredPackages {
  const declared: DeclaredPackages = { local: [], remote: [] };
  for (const file of DEPENDENCY_FILES) {
    const absPath = join(projectRoot, file);
    if (!existsSync(absPath)) continue;
    const yaml = readYamlFile(absPath, file, 'config');
    if (yaml.value === undefined || yaml.value === null) continue;
    const shapes: ShapeChecker = new ShapeChecker(yaml, 'config');
    if (!isPlainMap(yaml.value)) {
      return shapes.fail(yaml.value, undefined, `${file} must be a mapping with a \`packages:\` list, not ${describe(yaml.value)}`, 'Write `packages:` followed by entries like `- local: ../shared`.');
    }
    declared.file ??= file;
    const entries = shapes.list(yaml.value, 'packages', file);
    entries.forEach((entry, index) => {
      if (!isPlainMap(entry)) {
        return shapes.fail(entries, String(index), `Each entry of \`packages:\` in ${file} must be a mapping`, 'Write `- package: dbt-labs/dbt_utils` (with `version:`), `- git: <url>` or `- local: <folder>`.');
      }
      if (typeof entry.local === 'string') {
        const root = resolve(projectRoot, entry.local);
        if (!existsSync(join(root, 'dbt_project.yml'))) {
          shapes.fail(entry, 'local', `Local package "${entry.local}" has no dbt_project.yml`, 'Point `local:` at a folder (relative to the project) that holds a dbt_project.yml.');
        }
        declared.local.push(root);
        return;
      }
      const remote = entry.package ?? entry.git ?? entry.tarball ?? entry.private ?? entry.name;
      if (remote === undefined) {
        shapes.fail(entries, String(index), `Entry ${index + 1} of \`packages:\` in ${file} names no package`, 'Write `- package: dbt-labs/dbt_utils`, `- git: <url>` or `- local: <folder>`.');
      }
      declared.remote.push(String(remote));
    });
  }
  return declared;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Absolute roots of every package of the project (not the root project), without duplicates. */
export function findPackageRoots(projectRoot: string, config: ProjectConfig): string[] {
  const declared = readDeclaredPackages(projectRoot);
  const installDir = resolve(projectRoot, config.packagesInstallPath);
  const installed = isDirectory(installDir)
    ? readdirSync(installDir)
        .filter((name) => !name.startsWith('.'))
        .sort()
        .map((name) => join(installDir, name))
        .filter((dir) => isDirectory(dir) && existsSync(join(dir, 'dbt_project.yml')))
    : [];
  if (declared.remote.length > 0 && installed.length === 0) {
    throw new DailiesError('config', `${declared.file ?? 'packages.yml'} lists ${declared.remote.join(', ')}, but ${config.packagesInstallPath}/ holds no packages`, {
      place: { file: declared.file ?? 'packages.yml' },
      hint: `Run \`dailies deps\` to install them under ${config.packagesInstallPath}/ (or vendor them there).`,
    });
  }
  const seen = new Set<string>();
  const roots: string[] = [];
  for (const root of [...declared.local, ...installed]) {
    const real = realpathSync(root);
    if (seen.has(real) || real === realpathSync(projectRoot)) continue;
    seen.add(real);
    roots.push(root);
  }
  return roots;
}
