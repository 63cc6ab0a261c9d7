/**
 * The dbt package hub's JSON API, as dbt reads it: `<base>api/v1/index.json` lists every
 * package (`namespace/name`); `<base>api/v1/<namespace>/<name>.json` holds each version's project
 * name, its own package dependencies, its tarball URL and the dbt versions it supports.
 * The base is https://hub.getdbt.com/ unless DBT_PACKAGE_HUB_URL (or --hub-url) says otherwise.
 */
import { DailiesError, type SourcePlace } from '../errors.js';
import { dbtVersionFits } from './versions.js';

export const DEFAULT_HUB_URL = 'https://hub.getdbt.com/';

export interface HubVersion {
  /** The package's project name (the folder it installs under). */
  name: string;
  /** Its own dependencies, in packages.yml's shape. */
  packages: unknown[];
  tarball: string;
  requireDbtVersion?: unknown;
}

export class HubClient {
  private indexCache: Promise<string[]> | undefined;
  private readonly packageCache = new Map<string, Promise<Record<string, HubVersion>>>();
  readonly base: string;

  constructor(base: string = DEFAULT_HUB_URL) {
    this.base = base.endsWith('/') ? base : `${base}/`;
  }

  private async getJson(name: string, place?: SourcePlace): Promise<unknown> {
    const url = `${this.base}api/v1/${name}.json`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new DailiesError('config', `Could not reach the package hub at ${url}: ${(error as Error).message}`, {
        place,
        hint: 'Check the network, or point DBT_PACKAGE_HUB_URL (or --hub-url) at a reachable hub.',
        cause: error,
      });
    }
    if (!response.ok) {
      throw new DailiesError('config', `The package hub answered ${response.status} for ${url}`, { place, hint: 'Check the package name (namespace/name, as on hub.getdbt.com).' });
    }
    try {
      return await response.json();
    } catch (error) {
      throw new DailiesError('config', `The package hub sent something other than JSON for ${url}`, { place, hint: 'Check DBT_PACKAGE_HUB_URL.', cause: error });
    }
  }

  async index(place?: SourcePlace): Promise<string[]> {
    this.indexCache ??= this.getJson('index', place).then((value) => {
      if (!Array.isArray(value)) throw new DailiesError('config', `The package hub's index at ${this.base} is not a list`, { place, hint: 'Check DBT_PACKAGE_HUB_URL.' });
      return value.map(String);
    });
    return this.indexCache;
  }

  /** Every version of `pkg` the hub lists, keyed by version text. */
  async versions(pkg: string, place?: SourcePlace): Promise<Record<string, HubVersion>> {
    const index = await this.index(place);
    if (!index.includes(pkg)) {
      throw new DailiesError('config', `Package ${pkg} was not found in the package index`, {
        place,
        hint: `Package names are namespace/name as listed on ${this.base} (e.g. dbt-labs/dbt_utils).`,
      });
    }
    let cached = this.packageCache.get(pkg);
    if (cached === undefined) {
      cached = this.getJson(pkg, place).then((value) => readVersions(pkg, value, place));
      this.packageCache.set(pkg, cached);
    }
    return cached;
  }

  /** Versions of `pkg` whose require-dbt-version admits `dbtVersion`. */
  async compatibleVersions(pkg: string, dbtVersion: string, place?: SourcePlace): Promise<string[]> {
    const all = await this.versions(pkg, place);
    return Object.entries(all)
      .filter(([, info]) => dbtVersionFits(info.requireDbtVersion, dbtVersion))
      .map(([version]) => version);
  }
}

function readVersions(pkg: string, value: unknown, place?: SourcePlace): Record<string, HubVersion> {
  const bad = (what: string): never => {
    throw new DailiesError('config', `The package hub's answer for ${pkg} ${what}`, { place, hint: 'Check DBT_PACKAGE_HUB_URL.' });
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad('is not a JSON object');
  const versions = (value as { versions?: unknown }).versions;
  if (versions === null || typeof versions !== 'object' || Array.isArray(versions)) return bad('has no `versions` object');
  const result: Record<string, HubVersion> = {};
  for (const [version, info] of Object.entries(versions as Record<string, unknown>)) {
    const entry = (info ?? {}) as { name?: unknown; packages?: unknown; downloads?: { tarball?: unknown }; require_dbt_version?: unknown };
    if (typeof entry.name !== 'string' || typeof entry.downloads?.tarball !== 'string') bad(`lacks the name or tarball of version ${version}`);
    result[version] = {
      name: String(entry.name),
      packages: Array.isArray(entry.packages) ? entry.packages : [],
      tarball: String(entry.downloads?.tarball),
      requireDbtVersion: entry.require_dbt_version,
    };
  }
  return result;
}
