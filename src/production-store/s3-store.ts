/**
 * Production kept in S3 (`s3://bucket/prefix`), or anything that speaks it. Credentials come from
 * the AWS SDK's default chain; AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL) points it elsewhere.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { storeError, type ProductionStore, type StoredObject } from './store.js';

export class S3Store implements ProductionStore {
  readonly location: string;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly client: S3Client;

  constructor(url: string, env: Record<string, string | undefined>) {
    const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
    if (!match) throw storeError(url, 'not an s3://bucket/prefix URL');
    this.bucket = match[1]!;
    this.prefix = match[2] ? `${match[2].replace(/\/+$/, '')}/` : '';
    this.location = `s3://${this.bucket}/${this.prefix}`;
    const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
    this.client = new S3Client({ endpoint, forcePathStyle: endpoint !== undefined, region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1' });
  }

  private async attempt<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw storeError(this.location, `${what}: ${(error as Error).message}`, 'check the AWS credentials (AWS_ACCESS_KEY_ID …) and that the bucket exists', error);
    }
  }

  async list(): Promise<StoredObject[]> {
    return this.attempt('listing', async () => {
      const objects: StoredObject[] = [];
      for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: this.prefix })) {
        for (const item of page.Contents ?? []) {
          const name = item.Key?.slice(this.prefix.length) ?? '';
          if (name !== '' && !name.includes('/')) objects.push({ name, order: item.LastModified?.getTime() ?? 0 });
        }
      }
      return objects;
    });
  }

  async download(name: string, file: string): Promise<void> {
    await this.attempt(`reading ${name}`, async () => {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + name }));
      await pipeline(response.Body as Readable, createWriteStream(file));
    });
  }

  async upload(name: string, file: string): Promise<void> {
    await this.attempt(`writing ${name}`, () =>
      this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.prefix + name, Body: createReadStream(file), ContentLength: statSync(file).size })),
    );
  }

  async remove(name: string): Promise<void> {
    await this.attempt(`deleting ${name}`, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + name })));
  }
}
