/**
 * Production kept as assets of one release of the repository (tag `dailies-production`, a
 * pre-release). Plain REST over fetch: the token needs `contents: read` to fetch and
 * `contents: write` to replace. Release assets do not expire (workflow artifacts do) and may be up
 * to 2 GiB each.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { storeError, type ProductionStore, type StoredObject } from './store.js';

interface Asset {
  id: number;
  name: string;
}

interface Release {
  id: number;
  upload_url: string;
  assets: Asset[];
}

export interface GithubReleaseOptions {
  owner: string;
  repo: string;
  tag: string;
  token: string;
  apiUrl: string;
}

export class GithubReleaseStore implements ProductionStore {
  readonly location: string;
  private release: Release | null = null;

  constructor(private readonly options: GithubReleaseOptions) {
    this.location = `github-release ${options.owner}/${options.repo}@${options.tag}`;
  }

  private url(path: string): string {
    return `${this.options.apiUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(this.options.owner)}/${encodeURIComponent(this.options.repo)}${path}`;
  }

  private async call(method: string, url: string, init: { body?: string | { file: string }; accept?: string; contentType?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.token}`,
      accept: init.accept ?? 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'dailies',
    };
    if (init.contentType) headers['content-type'] = init.contentType;
    let body: string | Readable | undefined;
    if (typeof init.body === 'object') {
      // GitHub's upload endpoint wants the length up front; the file is streamed, never held whole
      headers['content-length'] = String(statSync(init.body.file).size);
      body = createReadStream(init.body.file);
    } else body = init.body;
    try {
      return await fetch(url, { method, headers, body: body as RequestInit['body'], redirect: 'follow', ...(body instanceof Readable ? { duplex: 'half' } : {}) } as RequestInit);
    } catch (error) {
      throw storeError(this.location, `${method} ${url} failed: ${(error as Error).message}`, 'check the network and GITHUB_API_URL', error);
    }
  }

  private async expect(response: Response, what: string): Promise<Response> {
    if (response.ok) return response;
    const text = (await response.text()).slice(0, 300);
    const hint =
      response.status === 403 || response.status === 404
        ? "the workflow's token needs `contents: read` to fetch production and `contents: write` (deploy workflow) to replace it"
        : undefined;
    throw storeError(this.location, `${what}: HTTP ${response.status} ${text}`, hint);
  }

  /** The release, or null when there is none yet. */
  private async find(): Promise<Release | null> {
    if (this.release) return this.release;
    const response = await this.call('GET', this.url(`/releases/tags/${encodeURIComponent(this.options.tag)}`));
    if (response.status === 404) return null;
    this.release = (await (await this.expect(response, 'reading the release')).json()) as Release;
    return this.release;
  }

  async list(): Promise<StoredObject[]> {
    const release = await this.find();
    return (release?.assets ?? []).map((asset) => ({ name: asset.name, order: asset.id }));
  }

  async download(name: string, file: string): Promise<void> {
    const asset = (await this.find())?.assets.find((item) => item.name === name);
    if (!asset) throw storeError(this.location, `no asset ${name}`);
    const response = await this.expect(await this.call('GET', this.url(`/releases/assets/${asset.id}`), { accept: 'application/octet-stream' }), `downloading ${name}`);
    if (!response.body) throw storeError(this.location, `downloading ${name}: empty response`);
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(file));
  }

  async upload(name: string, file: string): Promise<void> {
    let release = await this.find();
    if (!release) {
      const body = JSON.stringify({
        tag_name: this.options.tag,
        name: 'dailies production',
        body: 'The production DuckDB database and its manifest, replaced by each promotion (dailies). Not a release of the code.',
        prerelease: true,
      });
      const response = await this.call('POST', this.url('/releases'), { body, contentType: 'application/json' });
      release = (await (await this.expect(response, 'creating the release')).json()) as Release;
      this.release = release;
    }
    const upload = `${release.upload_url.replace(/\{.*\}$/, '')}?name=${encodeURIComponent(name)}`;
    const response = await this.call('POST', upload, { body: { file }, contentType: 'application/octet-stream' });
    const asset = (await (await this.expect(response, `uploading ${name}`)).json()) as Asset;
    release.assets = [...release.assets.filter((item) => item.name !== name), asset];
  }

  async remove(name: string): Promise<void> {
    const release = await this.find();
    const asset = release?.assets.find((item) => item.name === name);
    if (!release || !asset) return;
    const response = await this.call('DELETE', this.url(`/releases/assets/${asset.id}`));
    if (response.status !== 404) await this.expect(response, `deleting ${name}`);
    release.assets = release.assets.filter((item) => item.id !== asset.id);
  }
}
