/**
 * Reads a dbt-style project from disk: dbt_project.yml, the profile target, vendored packages,
 * and each package's files, property files and docs blocks.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { DailiesError, formatPlace } from '../errors.js';
import { parseDocBlocks } from './doc-blocks.js';
import { discoverPackageFiles, toPosix } from './discover-files.js';
import { createEnvRenderer, type EnvRenderer } from './env-render.js';
import { findPackageRoots } from './package-dirs.js';
import { resolveTarget } from './profiles.js';
import { readProjectConfig } from './project-config.js';
import { readPackageProperties } from './property-files.js';
import { missingVersionWarning, versionedModelFiles } from './model-versions.js';
import type { DocBlock, LoadedPackage, LoadProjectOptions, Project } from './types.js';

export async function loadProject(options: LoadProjectOptions): Promise<Project> {
  return loadProjectSync(options);
}

export function loadProjectSync(options: LoadProjectOptions): Project {
  const root = resolve(options.projectDir);
  const env = options.env ?? process.env;
  if (!isDirectory(root)) {
    throw new DailiesError('config', `Project folder ${root} does not exist`, {
      place: { file: root },
      hint: 'Pass --project-dir pointing at the folder that holds dbt_project.yml.',
    });
  }
  const renderer = createEnvRenderer(env);
  const rootPackage = loadPackage(root, root, true, renderer);
  const vendored: LoadedPackage[] = [];
  for (const packageRoot of findPackageRoots(root, rootPackage.config, env)) {
    const pkg = loadPackage(packageRoot, root, false, renderer);
    // A local package that `dbt deps` also linked into dbt_packages/ is the same package: keep the first.
    if (pkg.name === rootPackage.name || vendored.some((other) => other.name === pkg.name)) continue;
    vendored.push(pkg);
  }
  vendored.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const profileName = rootPackage.config.profile ?? rootPackage.config.name;
  const target = resolveTarget({
    projectDir: root,
    profileName,
    profilesDir: options.profilesDir,
    targetName: options.target,
    targetPath: rootPackage.config.targetPath,
    env,
  });
  const packages = [rootPackage, ...vendored];
  return {
    root,
    packages,
    rootPackage,
    target,
    profileName,
    cliVars: options.vars ?? {},
    env,
    warnings: packages.flatMap((pkg) => [
      ...pkg.properties.ignored.map((item) => `${formatPlace(item.place)}: ${item.what} — not supported by dailies yet, ignored`),
      ...versionedModelFiles(pkg).missing.map(missingVersionWarning),
    ]),
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Path of `absPath` as errors name it: relative to the root project when inside it. */
function displayPath(projectRoot: string, absPath: string): string {
  const rel = relative(projectRoot, absPath);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? toPosix(absPath) : toPosix(rel);
}

function loadPackage(packageRoot: string, projectRoot: string, isRoot: boolean, renderer: EnvRenderer): LoadedPackage {
  const configFile = displayPath(projectRoot, resolve(packageRoot, 'dbt_project.yml'));
  const config = readProjectConfig(packageRoot, configFile, renderer);
  const files = discoverPackageFiles({ packageRoot, packageName: config.name, config, projectRoot });
  const properties = readPackageProperties(
    files.propertyFiles.map((absPath) => ({ absPath, file: displayPath(projectRoot, absPath) })),
    config.name,
  );
  const docs: DocBlock[] = [];
  for (const absPath of files.docFiles) docs.push(...parseDocBlocks(readFileSync(absPath, 'utf8'), displayPath(projectRoot, absPath), config.name));
  const firstDoc = new Map<string, DocBlock>();
  for (const doc of docs) {
    const earlier = firstDoc.get(doc.name);
    if (earlier) {
      throw new DailiesError('yaml', `Docs block "${doc.name}" is defined twice: at ${formatPlace(earlier.place)} and at ${formatPlace(doc.place)}`, {
        place: doc.place,
        hint: 'Rename or remove one of the two `{% docs %}` blocks.',
      });
    }
    firstDoc.set(doc.name, doc);
  }
  return {
    name: config.name,
    root: packageRoot,
    isRoot,
    config,
    models: files.models,
    analyses: files.analyses,
    seeds: files.seeds,
    snapshots: files.snapshots,
    macros: files.macros,
    singularTests: files.singularTests,
    fixtures: files.fixtures,
    docs,
    properties,
  };
}
