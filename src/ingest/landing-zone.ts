/**
 * Where landing-zone files live: a local folder or `s3://bucket/prefix`, behind one tiny interface
 * (list the objects; fetch one to a local file the warehouse can read).
 */

export interface LandingObject {
  /** The key the ledger remembers: the S3 object key, or the path relative to the local folder. */
  key: string;
  /** The key below the zone's root, forward slashes: `<table>/<file>.csv`. */
  relativeKey: string;
  /** The S3 ETag as listed; null for a local file until `LandingZone.fingerprint` computes it (`sha256:<hex>`). */
  etag: string | null;
  size: number;
  /** How error messages name the object: `s3://bucket/key`, or the local path relative to the working directory. */
  displayName: string;
}

export interface FetchedObject {
  /** A local file holding the object's bytes. */
  path: string;
  /** The fingerprint of the bytes read, when the zone knows it while fetching (S3: the response's ETag, checked against the listing). */
  etag?: string;
  /** Removes the file if it was a temporary copy. */
  release(): Promise<void>;
}

export interface LandingZone {
  /** `s3://bucket/prefix` or the folder's absolute path. */
  readonly location: string;
  /** Every object below the zone, in key order. */
  list(): Promise<LandingObject[]>;
  /**
   * The object's content fingerprint, as the ledger records it in `etag`: the S3 ETag as listed, or
   * for a local file `sha256:<hex>` of its contents, computed only when asked for.
   */
  fingerprint(object: LandingObject): Promise<string>;
  fetchToFile(object: LandingObject): Promise<FetchedObject>;
  close(): Promise<void>;
}

export interface S3Options {
  /** S3-compatible endpoint URL (MinIO, s3rver, LocalStack …); default: AWS. */
  endpoint?: string;
  /** Default: AWS_REGION / AWS_DEFAULT_REGION, else us-east-1. */
  region?: string;
  /** Path-style URLs (`endpoint/bucket/key`), needed by most S3-compatible servers. */
  forcePathStyle?: boolean;
  /** Keys per ListObjectsV2 page (default 1000, the S3 maximum). */
  pageSize?: number;
  /** Where objects are downloaded to (a `dailies-load-<pid>-*` folder inside it); default the OS temp folder. */
  tempRoot?: string;
}

/** `s3://bucket/some/prefix` → bucket and prefix (`some/prefix/`, or empty). */
export function parseS3Url(zone: string): { bucket: string; prefix: string } | null {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(zone);
  if (!match) return null;
  const prefix = (match[2] ?? '').replace(/^\/+/, '');
  return { bucket: match[1] as string, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}

/** S3 ETags come quoted; compare them without the quotes. */
export function normalizeEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replaceAll('"', '');
}
