/**
 * Partial parse, first step: `target/partial_parse.json` remembers what a full parse read (every
 * project file's content hash, profiles.yml, --vars, --target, the env vars read while loading and
 * compiling, dailies' version and the command's `flags.WHICH`) next to a copy of the manifest it
 * wrote. When all of that is unchanged, `parse` and `ls` reuse the manifest without reading the
 * project or rendering any Jinja. Any change at all is a full parse (which writes a new cache).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { findProfilesFile } from '../project/profiles.js';
import { DAILIES_VERSION } from '../version.js';
import { ParseMemo } from '../compiler/partial/parse-memo.js';
import { artifactText } from '../redact/artifacts.js';

export const CACHE_FILE = 'partial_parse.json';
export const CACHED_MANIFEST_FILE = 'partial_parse.manifest.json';
// 3: DuckDB manifests name the database before connecting (older caches hold `database: null`);
// 4: file hashes hold the modification time (the manifest's created_at)
const FORMAT = 4;
/** Folders that cannot change a parse (the cache only works with the default `target-path`). */
const SKIPPED_DIRS = new Set(['target', 'logs', '.git', 'node_modules', '.venv', 'venv', '__pycache__']);

/**
 * The files a parse can read (SQL, YAML, seeds, docs blocks, Python models, .dbtignore): other files
 * under the project (a DuckDB database next to dbt_project.yml, data files) are not hashed.
 */
const PARSED_FILE = /(\.(sql|ya?ml|csv|md|py)|^\.dbtignore)$/i;

export interface CacheInputs {
  projectDir: string;
  profilesDir: string | undefined;
  target: string | undefined;
  vars: Record<string, unknown>;
  which: string;
}

interface CacheFile {
  format: number;
  key: string;
  /** Env vars read during the full parse (null: read but unset). */
  env: Record<string, string | null>;
  files: FileHashes;
  warnings: string[];
  /** What `parse` prints, so a reuse need not read the manifest. */
  summary: string;
}

export interface CacheHit {
  manifestFile: string;
  warnings: string[];
  summary: string;
}

/** Watches which env vars a parse reads; a parse that lists the whole environment cannot be cached. */
export class EnvRecorder {
  readonly read = new Map<string, string | null>();
  enumerated = false;
  readonly env: Record<string, string | undefined>;

  constructor(source: Record<string, string | undefined>) {
    this.env = new Proxy(source, {
      get: (target, name) => {
        if (typeof name === 'string') this.read.set(name, target[name] ?? null);
        return Reflect.get(target, name);
      },
      has: (target, name) => {
        if (typeof name === 'string') this.read.set(name, target[name] ?? null);
        return Reflect.has(target, name);
      },
      ownKeys: (target) => {
        this.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
  }
}

export function targetDirFor(inputs: CacheInputs): string {
  return path.join(inputs.projectDir, 'target');
}

function sha1(data: Buffer | string): string {
  return createHash('sha1').update(data).digest('hex');
}

/** Content hashes (and modification times) by relative path, and each file's stat when it was hashed (`size:mtime:ctime:inode`). */
export interface FileHashes {
  files: Record<string, string>;
  stats: Record<string, string>;
}

/**
 * Content hashes of every file a parse can read under the project folder (but target/, logs/,
 * .git, …). As git does, a file whose size, mtime, ctime and inode equal `previous`'s is not read
 * again; a stat is only kept when the file is older than 2 s, so an edit in the same clock tick
 * as the hashing is never missed.
 */
export function hashProjectFiles(root: string, previous?: FileHashes): FileHashes {
  const hashes: FileHashes = { files: {}, stats: {} };
  const settled = Date.now() - 2000;
  /** Real paths of the folders being walked: a symlink back to one of them (a loop) is not followed. */
  const walking = new Set<string>();
  const walk = (dir: string, rel: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return; // a missing project folder is loadProject's error to report
    }
    if (walking.has(real)) return;
    walking.add(real);
    try {
      walkEntries(dir, rel);
    } finally {
      walking.delete(real);
    }
  };
  const walkEntries = (dir: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const stat = fs.statSync(abs, { throwIfNoEntry: false });
        isDir = stat?.isDirectory() ?? false;
        isFile = stat?.isFile() ?? false;
      }
      if (isDir) {
        if (!(rel === '' && SKIPPED_DIRS.has(entry.name)) && entry.name !== '.git' && entry.name !== 'node_modules') walk(abs, relPath);
      } else if (isFile && PARSED_FILE.test(entry.name)) {
        const stat = fs.statSync(abs, { throwIfNoEntry: false });
        if (!stat) continue; // deleted while we walk: the parse will not see it either
        const key = `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
        const known = previous?.stats[relPath] === key ? previous.files[relPath] : undefined;
        // with the modification time: the manifest's created_at is the defining file's
        hashes.files[relPath] = known ?? `${sha1(fs.readFileSync(abs))} ${stat.mtimeMs}`;
        if (Math.max(stat.mtimeMs, stat.ctimeMs) < settled) hashes.stats[relPath] = key;
      }
    }
  };
  walk(root, '');
  return hashes;
}

/** Everything but the files and env: version, flags, and profiles.yml's place and contents. */
function keyOf(inputs: CacheInputs, env: Record<string, string | undefined>): string {
  const profilesFile = findProfilesFile({ projectDir: inputs.projectDir, profilesDir: inputs.profilesDir, env });
  const profiles = profilesFile === undefined ? null : sha1(fs.readFileSync(profilesFile));
  return sha1(
    JSON.stringify({ version: DAILIES_VERSION, format: FORMAT, ...inputs, profilesFile: profilesFile ?? null, profiles }),
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A cache this version wrote (another version's, or a damaged file, is ignored: a full parse replaces it). */
function wellFormed(cache: unknown): cache is CacheFile {
  if (!isRecord(cache) || cache.format !== FORMAT || typeof cache.key !== 'string' || typeof cache.summary !== 'string') return false;
  if (!isRecord(cache.env) || !Array.isArray(cache.warnings) || !isRecord(cache.files)) return false;
  return isRecord(cache.files.files) && isRecord(cache.files.stats);
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * The cached manifest when nothing a parse reads has changed (`hit`); otherwise the project's
 * file hashes taken now (before the full parse reads the files), for `storeCache`.
 */
export function checkCache(inputs: CacheInputs, env: Record<string, string | undefined>): { hit?: CacheHit; files: FileHashes } {
  const targetDir = targetDirFor(inputs);
  const manifestFile = path.join(targetDir, CACHED_MANIFEST_FILE);
  let cache: CacheFile | undefined;
  try {
    cache = JSON.parse(fs.readFileSync(path.join(targetDir, CACHE_FILE), 'utf8')) as CacheFile;
    if (!wellFormed(cache)) cache = undefined;
  } catch {
    cache = undefined;
  }
  const files = hashProjectFiles(inputs.projectDir, cache?.files);
  if (!cache || !fs.existsSync(manifestFile)) return { files };
  for (const [name, value] of Object.entries(cache.env)) if ((env[name] ?? null) !== value) return { files };
  if (cache.key !== keyOf(inputs, env) || !sameRecord(cache.files.files, files.files)) return { files };
  return { hit: { manifestFile, warnings: cache.warnings, summary: cache.summary }, files };
}

/**
 * After a full parse that wrote `<targetDir>/manifest.json`: keeps a copy and what it was made of.
 * Not cached (and any old cache removed) when the parse listed the whole environment or the
 * manifest went somewhere other than target/.
 */
export function storeCache(
  inputs: CacheInputs,
  recorder: EnvRecorder,
  files: FileHashes,
  writtenTargetDir: string,
  details: { warnings: string[]; summary: string },
): void {
  const targetDir = targetDirFor(inputs);
  const cacheFile = path.join(targetDir, CACHE_FILE);
  fs.rmSync(cacheFile, { force: true });
  if (recorder.enumerated || path.resolve(writtenTargetDir) !== path.resolve(targetDir)) return;
  fs.copyFileSync(path.join(targetDir, 'manifest.json'), path.join(targetDir, CACHED_MANIFEST_FILE));
  const cache: CacheFile = {
    format: FORMAT,
    key: keyOf(inputs, recorder.env),
    env: Object.fromEntries(recorder.read),
    files,
    warnings: details.warnings,
    summary: details.summary,
  };
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(cache));
  fs.renameSync(temporary, cacheFile);
}

/** A cache hit's manifest as `<targetDir>/manifest.json` (copied beside it, then renamed into place, as writeManifest does). */
export function restoreManifest(hit: CacheHit, targetDir: string): void {
  const file = path.join(targetDir, 'manifest.json');
  const temporary = `${file}.${process.pid}.tmp`;
  fs.copyFileSync(hit.manifestFile, temporary);
  fs.renameSync(temporary, file);
}

/** The per-node parse renders a later parse reuses (src/compiler/partial/parse-memo.ts). */
export const RENDERS_FILE = 'partial_parse.renders.json';

/** The memo an earlier parse left in `targetDir` (an empty one when there is none or it is damaged). */
export function readParseMemo(targetDir: string): ParseMemo {
  let stored: unknown;
  try {
    stored = JSON.parse(fs.readFileSync(path.join(targetDir, RENDERS_FILE), 'utf8'));
  } catch {
    stored = undefined;
  }
  return new ParseMemo(stored);
}

/**
 * Keeps this parse's renders for the next one (written beside, then renamed into place). A render
 * that holds one of the run's secrets (an env var's value in its output or among the values it
 * read) is not kept: it is rendered again next time rather than written to disk.
 */
export function writeParseMemo(targetDir: string, memo: ParseMemo): void {
  fs.mkdirSync(targetDir, { recursive: true });
  const file = path.join(targetDir, RENDERS_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  const kept = memo.toJSON();
  for (const [id, [, json]] of Object.entries(kept.entries)) if (artifactText(json) !== json) delete kept.entries[id];
  fs.writeFileSync(temporary, JSON.stringify(kept));
  fs.renameSync(temporary, file);
}

/** What a partial parse tells the user: how many nodes it rendered again. */
export function describeMemo(memo: ParseMemo): string {
  const { reused, rendered, dropped } = memo.stats;
  if (reused === 0) return dropped ? `full parse: ${dropped}` : 'full parse';
  return `partial parse: ${rendered} of ${reused + rendered} nodes rendered again`;
}
