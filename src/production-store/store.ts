/**
 * Where a DuckDB production is kept between CI runs (a runner keeps nothing): a release asset of
 * the repository, an S3 object, or a local folder. A store holds generations: each push writes
 * `production-<stamp>.duckdb.gz` and `manifest-<stamp>.json`, then deletes older generations, so
 * a reader never sees a half-replaced production.
 */
import { DailiesError } from '../errors.js';

export interface StoredObject {
  name: string;
  /** Larger is newer (upload order). */
  order: number;
}

/**
 * Objects are moved file to file as streams: a production database may be larger than memory
 * should hold.
 */
export interface ProductionStore {
  /** e.g. `github-release acme/shop@dailies-production`, `s3://bucket/prefix`. */
  readonly location: string;
  list(): Promise<StoredObject[]>;
  /** Writes the object to `file`. */
  download(name: string, file: string): Promise<void>;
  /** Stores `file` as the object `name`. */
  upload(name: string, file: string): Promise<void>;
  remove(name: string): Promise<void>;
}

export interface StoreContext {
  env: Record<string, string | undefined>;
  /** Token for the GitHub store (the Action's github-token; else GITHUB_TOKEN). */
  githubToken?: string;
  /** Working folder, for relative `file:` stores. */
  cwd: string;
}

export const DEFAULT_RELEASE_TAG = 'dailies-production';

/**
 * Opens a store from its spec: `github-release[:tag]`, `s3://bucket/prefix`, or `file:<folder>`.
 * Imports each kind's module only when used.
 */
export async function openStore(spec: string, context: StoreContext): Promise<ProductionStore> {
  const text = spec.trim();
  if (text === 'github-release' || text.startsWith('github-release:')) {
    const repository = context.env.GITHUB_REPOSITORY ?? '';
    const [owner, repo] = repository.split('/');
    const token = context.githubToken || context.env.GITHUB_TOKEN || '';
    if (!owner || !repo) throw storeError(text, 'GITHUB_REPOSITORY is not set', 'the github-release store runs inside GitHub Actions, or set GITHUB_REPOSITORY=owner/repo and GITHUB_TOKEN');
    if (!token) throw storeError(text, 'no GitHub token', 'pass github-token to the Action, or set GITHUB_TOKEN');
    const { GithubReleaseStore } = await import('./github-release-store.js');
    const tag = text.includes(':') ? text.slice(text.indexOf(':') + 1) : DEFAULT_RELEASE_TAG;
    return new GithubReleaseStore({ owner, repo, tag, token, apiUrl: context.env.GITHUB_API_URL ?? 'https://api.github.com' });
  }
  if (text.startsWith('s3://')) {
    const { S3Store } = await import('./s3-store.js');
    return new S3Store(text, context.env);
  }
  if (text.startsWith('file:')) {
    const { FolderStore } = await import('./folder-store.js');
    return new FolderStore(text.slice('file:'.length), context.cwd);
  }
  throw new DailiesError('usage', `unknown production store '${text}'`, { hint: 'use github-release, github-release:<tag>, s3://bucket/prefix or file:<folder>' });
}

export function storeError(location: string, message: string, hint?: string, cause?: unknown): DailiesError {
  return new DailiesError('warehouse', `production store ${location}: ${message}`, { hint, cause });
}
