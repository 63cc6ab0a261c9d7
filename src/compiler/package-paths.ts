/**
 * Paths of a package's files as the manifest and error places spell them: forward slashes,
 * relative to the package root (original_file_path) or to the project root (places), and the
 * folders inside a resource path (fqn).
 */
import { relative, sep } from 'node:path';
import type { LoadedPackage, ProjectFile } from '../project/types.js';
import type { CompileState } from './compile-state.js';

export function toPosix(path: string): string {
  return path.split('\\').join('/');
}

export function placeFileOf(state: CompileState, file: ProjectFile): string {
  const root = state.project.root;
  // a file inside the project (the usual case) is its path after the root: no path arithmetic
  if (file.absPath.startsWith(root) && file.absPath.charAt(root.length) === sep && root.length > 1) return toPosix(file.absPath.slice(root.length + 1));
  return toPosix(relative(root, file.absPath));
}

/** A project-root-relative path (as YAML places are written) made relative to its package root. */
const packagePrefixes = new WeakMap<LoadedPackage, Map<string, string>>();

/** The package root relative to the project root (`dbt_packages/utils`; '' for the root package). */
function packagePrefix(projectRoot: string, pkg: LoadedPackage): string {
  let byRoot = packagePrefixes.get(pkg);
  if (!byRoot) packagePrefixes.set(pkg, (byRoot = new Map()));
  let prefix = byRoot.get(projectRoot);
  if (prefix === undefined) byRoot.set(projectRoot, (prefix = toPosix(relative(projectRoot, pkg.root))));
  return prefix;
}

export function packageRelative(state: CompileState, pkg: LoadedPackage, file: string): string {
  const prefix = packagePrefix(state.project.root, pkg);
  return prefix && file.startsWith(`${prefix}/`) ? file.slice(prefix.length + 1) : file;
}

/** Folders of a package-relative file inside whichever resource path holds it. */
export function resourceFolders(resourcePaths: string[], packagePath: string): string[] {
  for (const base of resourcePaths) {
    const prefix = `${toPosix(base).replace(/\/$/, '')}/`;
    if (packagePath.startsWith(prefix)) {
      const parts = packagePath.slice(prefix.length).split('/');
      parts.pop();
      return parts;
    }
  }
  const parts = packagePath.split('/');
  parts.pop();
  parts.shift();
  return parts;
}
