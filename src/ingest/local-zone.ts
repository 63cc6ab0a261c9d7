/** A landing zone that is a folder on this machine: files are read in place. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { DailiesError } from '../errors.js';
import type { FetchedObject, LandingObject, LandingZone } from './landing-zone.js';

export class LocalLandingZone implements LandingZone {
  readonly location: string;

  constructor(folder: string) {
    this.location = resolve(folder);
  }

  async list(): Promise<LandingObject[]> {
    const info = await stat(this.location).catch(() => null);
    if (!info?.isDirectory()) {
      throw new DailiesError('load', `landing zone ${this.location} is not a folder`, {
        place: { file: displayPath(this.location) },
        hint: 'write sample files first (dailies sample-data --out <folder>) or pass --from <folder | s3://bucket/prefix>',
      });
    }
    const files = await walk(this.location);
    files.sort();
    const objects: LandingObject[] = [];
    for (const file of files) {
      const key = relative(this.location, file).split(sep).join('/');
      const { size } = await stat(file);
      objects.push({ key, relativeKey: key, etag: null, size, displayName: displayPath(file) });
    }
    return objects;
  }

  async fingerprint(object: LandingObject): Promise<string> {
    object.etag ??= await sha256Of(join(this.location, ...object.relativeKey.split('/')));
    return object.etag;
  }

  async fetchToFile(object: LandingObject): Promise<FetchedObject> {
    return { path: join(this.location, ...object.relativeKey.split('/')), release: async () => {} };
  }

  async close(): Promise<void> {}
}

async function walk(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return walk(path);
      return entry.isFile() ? [path] : [];
    }),
  );
  return nested.flat();
}

/** `sha256:<hex>` of the file's contents (SHA-256: about twice MD5's speed on CPUs with SHA extensions). */
function sha256Of(file: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(file, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(`sha256:${hash.digest('hex')}`));
  });
}

/** Relative to the working directory when inside it (error places are project-relative). */
export function displayPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return fromCwd !== '' && !fromCwd.startsWith('..') && !fromCwd.startsWith(sep) ? fromCwd.split(sep).join('/') : file;
}
