/**
 * A landing zone in S3 (or anything that speaks it): objects are listed page by page and each is
 * streamed to a temporary file for the warehouse to read, never held in memory whole.
 * Credentials come from the AWS SDK's default chain (environment, profile, SSO, instance role …).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleLoadFolders, loadFolderPrefix } from './temp-folders.js';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { DailiesError } from '../errors.js';
import type { FetchedObject, LandingObject, LandingZone, S3Options } from './landing-zone.js';
import { normalizeEtag } from './landing-zone.js';

export class S3LandingZone implements LandingZone {
  readonly location: string;
  private readonly client: S3Client;
  private tempDir: Promise<string> | null = null;
  private fetched = 0;
  private readonly pageSize: number;
  private readonly tempRoot: string;

  constructor(
    private readonly bucket: string,
    private readonly prefix: string,
    options: S3Options = {},
  ) {
    this.location = `s3://${bucket}/${prefix}`;
    this.pageSize = options.pageSize ?? 1000;
    this.tempRoot = options.tempRoot ?? tmpdir();
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      forcePathStyle: options.forcePathStyle,
    });
  }

  async list(): Promise<LandingObject[]> {
    const objects: LandingObject[] = [];
    try {
      for await (const page of paginateListObjectsV2({ client: this.client, pageSize: this.pageSize }, { Bucket: this.bucket, Prefix: this.prefix })) {
        for (const item of page.Contents ?? []) {
          if (!item.Key || item.Key.endsWith('/')) continue;
          objects.push({
            key: item.Key,
            relativeKey: item.Key.slice(this.prefix.length),
            etag: normalizeEtag(item.ETag),
            size: item.Size ?? 0,
            displayName: `s3://${this.bucket}/${item.Key}`,
          });
        }
      }
    } catch (error) {
      throw s3Error(`cannot list ${this.location}`, this.location, error);
    }
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async fingerprint(object: LandingObject): Promise<string> {
    return object.etag ?? '';
  }

  /** The temporary folder of this run; the folders of killed runs are removed first. */
  private folder(): Promise<string> {
    this.tempDir ??= removeStaleLoadFolders(this.tempRoot).then(() => mkdtemp(join(this.tempRoot, loadFolderPrefix())));
    return this.tempDir;
  }

  /**
   * Downloads exactly the object that was listed: the request is pinned to the listed ETag
   * (`If-Match`), and the ETag and size of the response are checked too (servers that ignore
   * If-Match). An object replaced since the listing fails its file; the next run lists and loads
   * the new object.
   */
  async fetchToFile(object: LandingObject): Promise<FetchedObject> {
    const path = join(await this.folder(), `${++this.fetched}-${object.relativeKey.replace(/[^A-Za-z0-9._-]+/g, '_')}`);
    try {
      const listed = object.etag ?? '';
      const response = await this.client
        .send(new GetObjectCommand({ Bucket: this.bucket, Key: object.key, ...(listed ? { IfMatch: `"${listed}"` } : {}) }))
        .catch((error: unknown) => {
          const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          if (status === 412 || (error as Error).name === 'PreconditionFailed') throw replacedError(object, null);
          throw error;
        });
      const read = normalizeEtag(response.ETag);
      if (listed && read && read !== listed) {
        (response.Body as Readable | undefined)?.destroy?.();
        throw replacedError(object, read);
      }
      if (!response.Body) throw new Error('the response has no body');
      await pipeline(response.Body as Readable, createWriteStream(path));
      const { size } = await stat(path);
      if (size !== object.size) throw replacedError(object, null, `expected ${object.size} bytes, received ${size}`);
      return { path, etag: read || listed, release: () => rm(path, { force: true }) };
    } catch (error) {
      await rm(path, { force: true });
      if (error instanceof DailiesError) throw error;
      throw s3Error(`cannot download ${object.displayName}`, object.displayName, error);
    }
  }

  /**
   * The first `bytes` bytes of exactly the listed object (If-Match on the listed ETag), for its
   * header line when the warehouse reads the object itself.
   */
  async readStart(object: LandingObject, bytes: number): Promise<Buffer> {
    if (object.size === 0) return Buffer.alloc(0); // S3 refuses a range of an empty object (416)
    const listed = object.etag ?? '';
    try {
      const response = await this.client
        .send(new GetObjectCommand({ Bucket: this.bucket, Key: object.key, Range: `bytes=0-${Math.max(0, bytes - 1)}`, ...(listed ? { IfMatch: `"${listed}"` } : {}) }))
        .catch((error: unknown) => {
          const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          if (status === 412 || (error as Error).name === 'PreconditionFailed') throw replacedError(object, null);
          throw error;
        });
      const read = normalizeEtag(response.ETag);
      if (listed && read && read !== listed) throw replacedError(object, read);
      return Buffer.from(response.Body ? await response.Body.transformToByteArray() : new Uint8Array());
    } catch (error) {
      if (error instanceof DailiesError) throw error;
      throw s3Error(`cannot read ${object.displayName}`, object.displayName, error);
    }
  }

  /**
   * Refuses an object whose ETag is no longer the listed one (replaced since the listing): called
   * after the warehouse read it and before its load commits, so the ledger's ETag is what was loaded.
   */
  async checkUnchanged(object: LandingObject): Promise<void> {
    let now: string;
    try {
      now = normalizeEtag((await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: object.key }))).ETag);
    } catch (error) {
      throw s3Error(`cannot check ${object.displayName}`, object.displayName, error);
    }
    if (object.etag && now !== object.etag) throw replacedError(object, now);
  }

  async close(): Promise<void> {
    this.client.destroy();
    if (this.tempDir) await rm(await this.tempDir, { recursive: true, force: true });
    this.tempDir = null;
  }
}

function replacedError(object: LandingObject, readEtag: string | null, detail?: string): DailiesError {
  const what = readEtag ? `its ETag is now ${readEtag}` : (detail ?? 'the server refused the listed ETag (If-Match)');
  return new DailiesError('load', `${object.displayName} was replaced after it was listed (listed with ETag ${object.etag ?? '(none)'}; ${what}); nothing of it was loaded`, {
    place: { file: object.displayName },
    hint: 'run the load again: it lists the object anew and loads what it holds then (landing-zone objects should not be rewritten; write new files instead)',
  });
}

function s3Error(what: string, file: string, error: unknown): DailiesError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new DailiesError('load', `${what}: ${name === 'Error' ? '' : `${name}: `}${message}`, {
    place: { file },
    hint: 'check the bucket and prefix, the region (--s3-region / AWS_REGION), the endpoint (--s3-endpoint) and that AWS credentials are available (AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)',
    cause: error,
  });
}
