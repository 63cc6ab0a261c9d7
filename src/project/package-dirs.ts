/**
 * Where the packages of a project live: every folder under `<packages-install-path>/` holding a
 * dbt_project.yml (installed by `dailies deps`, or vendored), plus `local:` entries of
 * packages.yml / dependencies.yml. Loading never downloads anything.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DailiesError } from '../errors.js';
import type { ProjectConfig } from './types.js';
import { readDeclaredPackages } from './package-specs.js';

/** Absolute folders of `local:` packages, and the others (which must be installed) as written, for messages. */
function declaredPackages(projectRoot: string, env: Record<string, string | undefined>): { local: string[]; remote: string[]; file?: string } {
  const declared = readDeclaredPackages(projectRoot, env);
  const local: string[] = [];
  const remote: string[] = [];
  for (const spec of declared.specs) {
    if (spec.kind !== 'local') {
      remote.push(spec.kind === 'hub' ? spec.package : spec.kind === 'git' ? spec.git : spec.kind === 'private' ? spec.private : spec.tarball);
      continue;
    }
    const root = resolve(projectRoot, spec.local);
    if (!existsSync(join(root, 'dbt_project.yml'))) {
      throw new DailiesError('config', `Local package "${spec.local}" has no dbt_project.yml`, {
        place: spec.place,
        hint: 'Point `local:` at a folder (relative to the project) that holds a dbt_project.yml.',
      });
    }
    local.push(root);
  }
  return { local, remote, file: declared.file };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Absolute roots of every package of the project (not the root project), without duplicates. */
export function findPackageRoots(projectRoot: string, config: ProjectConfig, env: Record<string, string | undefined> = process.env): string[] {
  const declared = declaredPackages(projectRoot, env);
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
