/**
 * A landing zone in S3 (or anything that speaks it): objects are listed page by page and each is
 * streamed to a temporary file for the warehouse to read, never held in memory whole.
 * Credentials come from the AWS SDK's default chain (environment, profile, SSO, instance role …).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { DailiesError } from '../errors.js';
import type { FetchedObject, LandingObject, LandingZone, S3Options } from './landing-zone.js';
import { normalizeEtag } from './landing-zone.js';

export class S3LandingZone implements LandingZone {
  readonly location: string;
  private readonly client: S3Client;
  private tempDir: Promise<string> | null = null;
  private fetched = 0;
  private readonly pageSize: number;

  constructor(
    private readonly bucket: string,
    private readonly prefix: string,
    options: S3Options = {},
  ) {
    this.location = `s3://${bucket}/${prefix}`;
    this.pageSize = options.pageSize ?? 1000;
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

  async fetchToFile(object: LandingObject): Promise<FetchedObject> {
    this.tempDir ??= mkdtemp(join(tmpdir(), 'dailies-load-'));
    const path = join(await this.tempDir, `${++this.fetched}-${object.relativeKey.replace(/[^A-Za-z0-9._-]+/g, '_')}`);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: object.key }));
      if (!response.Body) throw new Error('the response has no body');
      await pipeline(response.Body as Readable, createWriteStream(path));
      const { size } = await stat(path);
      if (size !== object.size) throw new Error(`expected ${object.size} bytes, received ${size} (was it replaced while loading?)`);
    } catch (error) {
      await rm(path, { force: true });
      throw s3Error(`cannot download ${object.displayName}`, object.displayName, error);
    }
    return { path, release: () => rm(path, { force: true }) };
  }

  async close(): Promise<void> {
    this.client.destroy();
    if (this.tempDir) await rm(await this.tempDir, { recursive: true, force: true });
    this.tempDir = null;
  }
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
