/**
 * DuckDB's native binding for the runner's platform, installed by the Action into its own folder.
 *
 * The binding (`@duckdb/node-bindings-<platform>`: duckdb.node + libduckdb.so, 70 MB unpacked,
 * 24 MB as the npm tarball for linux-x64) is not committed in dist/: the build pins each
 * platform's package version and sha512 integrity (from package-lock.json) into
 * dist/duckdb-bindings.json, and at start the Action downloads that exact tarball from the npm
 * registry, checks the integrity, and unpacks it next to dist/. A second start in the same
 * folder finds it there. See docs/action.md ("How the Action is packaged").
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface PinnedBinding {
  /** npm package name, e.g. `@duckdb/node-bindings-linux-x64`. */
  name: string;
  version: string;
  /** Subresource integrity of the tarball (`sha512-…`), as in package-lock.json. */
  integrity: string;
}

/** dist/duckdb-bindings.json: one pinned package per `<platform>-<arch>` (glibc for Linux). */
export type PinnedBindings = Record<string, PinnedBinding>;

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org';

/** The tarball URL npm itself uses for a scoped package. */
export function tarballUrl(registry: string, binding: PinnedBinding): string {
  const bare = binding.name.split('/').at(-1) ?? binding.name;
  return `${registry.replace(/\/+$/, '')}/${binding.name}/-/${bare}-${binding.version}.tgz`;
}

/** True when `data` matches an SRI string (`sha512-<base64>`). */
export function matchesIntegrity(data: Buffer, integrity: string): boolean {
  const [algorithm, expected] = integrity.split('-', 2) as [string, string | undefined];
  if (!expected || !['sha256', 'sha384', 'sha512'].includes(algorithm)) return false;
  return createHash(algorithm).update(data).digest('base64') === integrity.slice(algorithm.length + 1);
}

/**
 * The regular files of a tar archive (ustar, with pax/GNU long names as npm writes them).
 * Paths are returned as written; callers confine them.
 */
export function untar(archive: Buffer): { path: string; data: Buffer; mode: number }[] {
  const files: { path: string; data: Buffer; mode: number }[] = [];
  let offset = 0;
  let longName: string | null = null;
  const text = (start: number, length: number) => archive.subarray(start, start + length).toString('utf8').replace(/\0[\s\S]*$/, '');
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(text(offset + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 48);
    const prefix = text(offset + 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(offset, 100)}` : text(offset, 100));
    const mode = parseInt(text(offset + 100, 8).trim() || '644', 8);
    const body = archive.subarray(offset + 512, offset + 512 + size);
    longName = null;
    if (type === 'x') {
      const match = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (match) longName = match[1]!;
    } else if (type === 'L') {
      longName = body.toString('utf8').replace(/\0[\s\S]*$/, '');
    } else if (type === '0' || type === '\0') {
      files.push({ path: name, data: Buffer.from(body), mode });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Unpacks an npm tarball's `package/` files into `dir` (written to a sibling folder, then renamed in). */
export function unpackPackage(tarball: Buffer, dir: string): void {
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const file of untar(gunzipSync(tarball))) {
    const relative = path.posix.normalize(file.path.replace(/^package\//, ''));
    if (relative.startsWith('..') || path.posix.isAbsolute(relative)) throw new Error(`unsafe path in the DuckDB binding tarball: ${file.path}`);
    const target = path.join(staging, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.data, { mode: file.mode & 0o755 });
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}

export function platformKey(platform: string = process.platform, arch: string = process.arch): string {
  return `${platform}-${arch}`;
}

export interface EnsureOptions {
  /** The folder holding dist/duckdb-bindings.json (the Action's dist/). */
  distDir: string;
  registry?: string;
  platform?: string;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

/** Path of duckdb.node for this platform, downloading and verifying it on first use. */
export async function ensureNativeBinding(options: EnsureOptions): Promise<string> {
  const pins = JSON.parse(readFileSync(path.join(options.distDir, 'duckdb-bindings.json'), 'utf8')) as PinnedBindings;
  const key = options.platform ?? platformKey();
  const binding = pins[key];
  if (!binding) {
    throw new Error(`dailies: no DuckDB binding for ${key} (this Action ships bindings for ${Object.keys(pins).join(', ')}); use a runner on one of those`);
  }
  const dir = path.join(options.distDir, 'native', `${key}-${binding.version}`);
  const file = path.join(dir, 'duckdb.node');
  if (existsSync(file)) return file;
  const url = tarballUrl(options.registry || DEFAULT_REGISTRY, binding);
  options.log?.(`dailies: installing ${binding.name}@${binding.version} (DuckDB for ${key}) from ${url}`);
  const response = await (options.fetch ?? fetch)(url);
  if (!response.ok) throw new Error(`dailies: downloading ${url} failed: HTTP ${response.status}`);
  const tarball = Buffer.from(await response.arrayBuffer());
  if (!matchesIntegrity(tarball, binding.integrity)) {
    throw new Error(`dailies: ${url} does not match the pinned integrity ${binding.integrity}; refusing to load it`);
  }
  unpackPackage(tarball, dir);
  if (!existsSync(file)) throw new Error(`dailies: ${binding.name}@${binding.version} has no duckdb.node`);
  return file;
}
