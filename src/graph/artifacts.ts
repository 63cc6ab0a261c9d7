/**
 * `target/manifest.json`: writing it in a stable order (so reruns give identical files) and reading
 * one back (ours, or dbt-core's for `--state`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DailiesError } from '../errors.js';
import { buildDag } from './dag.js';
import type { Manifest } from './types.js';
import { artifactText } from '../redact/artifacts.js';
import { writeSemanticManifest } from './semantic-manifest.js';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/manifest/v12.json';

/** Top-level keys in the order dbt writes them. */
const TOP_LEVEL_KEYS = [
  'metadata',
  'nodes',
  'sources',
  'macros',
  'docs',
  'exposures',
  'metrics',
  'groups',
  'selectors',
  'disabled',
  'parent_map',
  'child_map',
  'group_map',
  'saved_queries',
  'semantic_models',
  'unit_tests',
  'functions',
] as const;

/** Maps keyed by unique id: written with ids sorted. Everything inside a node keeps its order. */
const ID_KEYED = new Set<string>(['nodes', 'sources', 'macros', 'docs', 'exposures', 'metrics', 'semantic_models', 'saved_queries', 'disabled', 'parent_map', 'child_map', 'group_map', 'functions']);

/** Bytes gathered before each write to the file. */
const WRITE_BUFFER_BYTES = 1 << 21;

/**
 * Writes `<targetDir>/manifest.json` (creating the folder; and `semantic_manifest.json` beside
 * it, as dbt does) and returns its path. Empty
 * `parent_map`/`child_map` are filled from the graph; the manifest passed in is not changed.
 * The text is streamed node by node into a reused buffer (a 10,000-model manifest is ~50 MB: one
 * string of it, then its UTF-8 copy, cost more than the JSON itself; each node's text dies at
 * once), to a temporary file renamed into place.
 */
export function writeManifest(manifest: Manifest, targetDir: string, pieces?: PieceCache): string {
  const file = path.join(targetDir, MANIFEST_FILE);
  fs.mkdirSync(targetDir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w');
  try {
    const buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
    let used = 0;
    for (const text of manifestPieces(manifest, pieces)) {
      const piece = artifactText(text);
      // a UTF-16 unit is at most 3 bytes of UTF-8
      if (used + piece.length * 3 > buffer.length) {
        writeAll(fd, buffer, used);
        used = 0;
        if (piece.length * 3 > buffer.length) {
          const bytes = Buffer.from(piece);
          writeAll(fd, bytes, bytes.length);
          continue;
        }
      }
      used += buffer.write(piece, used);
    }
    writeAll(fd, buffer, used);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(temporary, file);
  writeSemanticManifest(manifest, targetDir);
  return file;
}

function writeAll(fd: number, bytes: Buffer, length: number): void {
  for (let offset = 0; offset < length; ) offset += fs.writeSync(fd, bytes, offset, length - offset);
}

/** The manifest as JSON text, keys in a stable order, graph maps filled when empty. */
export function serializeManifest(manifest: Manifest): string {
  return [...manifestPieces(manifest)].join('');
}

/**
 * The manifest's JSON text in pieces, the same text as `JSON.stringify` of a copy with the
 * top-level keys in dbt's order and the id-keyed maps' ids sorted (no sorted copies are built).
 */
function* manifestPieces(manifest: Manifest, pieces?: PieceCache): Generator<string> {
  const record = withGraphMaps(manifest) as unknown as Record<string, unknown>;
  const keys = [...TOP_LEVEL_KEYS, ...Object.keys(record).filter((key) => !(TOP_LEVEL_KEYS as readonly string[]).includes(key))];
  let separator = '{';
  for (const key of keys) {
    const value = record[key];
    if (ID_KEYED.has(key) && value !== null && typeof value === 'object') {
      yield `${separator}${JSON.stringify(key)}:`;
      yield* idKeyedPieces(value as Record<string, unknown>, pieces);
    } else {
      const json = value === undefined ? undefined : (JSON.stringify(value) as string | undefined);
      if (json === undefined) continue;
      yield `${separator}${JSON.stringify(key)}:`;
      yield json;
    }
    separator = ',';
  }
  yield separator === '{' ? '{}' : '}';
}

/**
 * The JSON text of members already written, by object: a process that writes the same manifest
 * again with a few members replaced (`parse --watch`) serializes only those. Only for members
 * that are not changed in place after being written.
 */
export type PieceCache = WeakMap<object, string>;

function* idKeyedPieces(map: Record<string, unknown>, pieces?: PieceCache): Generator<string> {
  let separator = '{';
  for (const id of Object.keys(map).sort()) {
    const value = map[id];
    const cacheable = pieces !== undefined && typeof value === 'object' && value !== null;
    let json = cacheable ? pieces.get(value) : undefined;
    if (json === undefined) {
      json = JSON.stringify(value) as string | undefined;
      if (cacheable && json !== undefined) pieces.set(value, json);
    }
    if (json === undefined) continue;
    yield `${separator}${JSON.stringify(id)}:`;
    yield json;
    separator = ',';
  }
  yield separator === '{' ? '{}' : '}';
}

/**
 * Reads a manifest: `location` is the manifest.json itself or the folder holding it (a `--state`
 * folder). Throws a `usage` DailiesError naming the file when it is missing or not a manifest.
 */
export function readManifest(location: string): Manifest {
  const file = isDirectory(location) ? path.join(location, MANIFEST_FILE) : location;
  const hint = 'run `dailies parse` (or `dailies compile`) to write target/manifest.json, or pass the folder that holds one with --state DIR';
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
    throw new DailiesError('usage', `The manifest ${file} ${reason}`, { place: { file }, hint, cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DailiesError('usage', `${file} is not JSON: ${(error as Error).message}`, { place: { file, line: 1 }, hint, cause: error });
  }
  if (!isManifestShaped(data)) {
    throw new DailiesError('usage', `${file} is not a dbt/dailies manifest (no "metadata" and "nodes")`, { place: { file, line: 1 }, hint });
  }
  return withDefaults(data as Partial<Manifest> & Pick<Manifest, 'metadata' | 'nodes'>);
}

/** A manifest from JSON text kept elsewhere (production's state record); `label` names it in errors. */
export function parseManifest(text: string, label: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DailiesError('warehouse', `${label} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isManifestShaped(data)) throw new DailiesError('warehouse', `${label} is not a dbt/dailies manifest (no "metadata" and "nodes")`);
  return withDefaults(data as Partial<Manifest> & Pick<Manifest, 'metadata' | 'nodes'>);
}

function isDirectory(location: string): boolean {
  try {
    return fs.statSync(location).isDirectory();
  } catch {
    return false;
  }
}

function isManifestShaped(data: unknown): boolean {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
  const record = data as Record<string, unknown>;
  const isObject = (value: unknown): boolean => value !== null && typeof value === 'object' && !Array.isArray(value);
  return isObject(record.metadata) && isObject(record.nodes);
}

/** Older or partial manifests (dbt-core writes every key, but be lenient): fill the maps dailies reads. */
function withDefaults(data: Partial<Manifest> & Pick<Manifest, 'metadata' | 'nodes'>): Manifest {
  return {
    ...data,
    sources: data.sources ?? {},
    macros: data.macros ?? {},
    docs: data.docs ?? {},
    exposures: data.exposures ?? {},
    metrics: data.metrics ?? {},
    groups: data.groups ?? {},
    semantic_models: data.semantic_models ?? {},
    saved_queries: data.saved_queries ?? {},
    unit_tests: data.unit_tests ?? {},
    selectors: data.selectors ?? {},
    disabled: data.disabled ?? {},
    parent_map: data.parent_map ?? {},
    child_map: data.child_map ?? {},
    group_map: data.group_map ?? {},
  };
}

function withGraphMaps(manifest: Manifest): Manifest {
  const empty = (map: Record<string, string[]> | undefined): boolean => !map || Object.keys(map).length === 0;
  const metadata = { ...manifest.metadata, dbt_schema_version: manifest.metadata.dbt_schema_version || MANIFEST_SCHEMA_VERSION };
  if (!empty(manifest.parent_map) && !empty(manifest.child_map)) return { ...manifest, metadata };
  const dag = buildDag(manifest);
  return {
    ...manifest,
    metadata,
    parent_map: empty(manifest.parent_map) ? dag.parentMap() : manifest.parent_map,
    child_map: empty(manifest.child_map) ? dag.childMap() : manifest.child_map,
  };
}
