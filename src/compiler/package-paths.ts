/**
 * Paths of a package's files as the manifest and error places spell them: forward slashes,
 * relative to the package root (original_file_path) or to the project root (places), and the
 * folders inside a resource path (fqn).
 */
import { relative } from 'node:path';
import type { LoadedPackage, ProjectFile } from '../project/types.js';
import type { CompileState } from './compile-state.js';

export function toPosix(path: string): string {
  return path.split('\\').join('/');
}

export function placeFileOf(state: CompileState, file: ProjectFile): string {
  return toPosix(relative(state.project.root, file.absPath));
}

/** A project-root-relative path (as YAML places are written) made relative to its package root. */
export function packageRelative(state: CompileState, pkg: LoadedPackage, file: string): string {
  const prefix = toPosix(relative(state.project.root, pkg.root));
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
