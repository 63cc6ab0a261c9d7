/**
 * Resolution as dbt's `resolve_packages` does it: the declared packages are merged by name (a hub
 * package's ranges intersected, a git package's revisions compared), each is pinned — a hub
 * version chosen, a git revision turned into its commit — and the packages it declares in turn
 * join the next round, until no new ones appear. Two packages installing under one name, or under
 * the root project's name, are errors.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DailiesError, type SourcePlace } from '../errors.js';
import { createEnvRenderer } from '../project/env-render.js';
import { environmentSecrets, Redactor } from '../redact/index.js';
import { readYamlFile } from '../project/yaml-source.js';
import { fetchGit, fetchTarball } from './fetch.js';
import type { HubClient } from './hub-client.js';
import type { LockEntry } from './lock-file.js';
import { readDeclaredPackages, readPackageList, type PackageSpec } from '../project/package-specs.js';
import { parseSpecifier, resolveVersion, type Specifier } from './versions.js';

export interface ResolveContext {
  projectRoot: string;
  projectName: string;
  downloads: string;
  hub: HubClient;
  env: Record<string, string | undefined>;
  /** The dbt version packages' `require-dbt-version` is checked against. */
  dbtVersion: string;
}

type Unpinned =
  | { kind: 'hub'; key: string; package: string; specifiers: Specifier[]; installPrerelease: boolean; place: SourcePlace }
  | { kind: 'git'; key: string; git: string; lockText: string; revisions: string[]; subdirectory?: string; warnUnpinned: boolean; place: SourcePlace }
  | { kind: 'local'; key: string; local: string; place: SourcePlace }
  | { kind: 'tarball'; key: string; tarball: string; lockText: string; name: string; place: SourcePlace };

/**
 * What the lock records for a git or tarball URL: the entry as written in packages.yml, before
 * `env_var()` was rendered (as dbt does), so a token passed through an environment variable
 * stays in the environment and never lands in the committed lock.
 */
function unrenderedText(spec: PackageSpec, key: 'git' | 'tarball', rendered: string): string {
  const written = spec.unrendered[key];
  return typeof written === 'string' ? written : rendered;
}

export interface Pinned {
  /** How dbt names it in messages: `dbt-labs/dbt_utils`, a git URL, a local path. */
  label: string;
  /** The folder it installs under (its project name). */
  projectName: string;
  /** The lock entry without `name`. */
  lock: LockEntry;
  /** `version 1.3.0`, `revision <sha>`, … */
  versionText: string;
  /** Newest hub version, to say when an update is available. */
  latest?: string;
  packages: PackageSpec[];
  /** Where its files are once fetched (fetches hub tarballs on first call). */
  files(): Promise<string>;
  /** Local packages are linked, not copied (as dbt does). */
  link: boolean;
}

function toUnpinned(spec: PackageSpec): Unpinned {
  switch (spec.kind) {
    case 'private':
      throw new DailiesError('config', `Cannot resolve private package ${spec.private}: a git provider integration is needed`, {
        place: spec.place,
        hint: 'Write it as a `git:` package with its URL instead (as dbt asks).',
      });
    case 'hub':
      return { kind: 'hub', key: spec.package, package: spec.package, specifiers: spec.versions.map((text) => parseSpecifier(text, spec.package, spec.place)), installPrerelease: spec.installPrerelease, place: spec.place };
    case 'git':
      return { kind: 'git', key: gitKey(spec.git, spec.subdirectory), git: spec.git, lockText: unrenderedText(spec, 'git', spec.git), revisions: spec.revision === undefined ? [] : [spec.revision], subdirectory: spec.subdirectory, warnUnpinned: spec.warnUnpinned, place: spec.place };
    case 'local':
      return { kind: 'local', key: spec.local, local: spec.local, place: spec.place };
    case 'tarball':
      return { kind: 'tarball', key: spec.tarball, tarball: spec.tarball, lockText: unrenderedText(spec, 'tarball', spec.tarball), name: spec.name, place: spec.place };
  }
}

/** `x.git` and `x` are the same repository to dbt. */
function gitKey(url: string, subdirectory?: string): string {
  const base = url.endsWith('.git') ? url.slice(0, -4) : url;
  return subdirectory ? `${base}/${subdirectory}` : base;
}

function merge(existing: Unpinned, incoming: Unpinned): Unpinned {
  if (existing.kind !== incoming.kind) {
    throw new DailiesError('config', `Package ${incoming.key} is declared as both a ${existing.kind} and a ${incoming.kind} package`, {
      place: incoming.place,
      hint: 'Declare each package one way (hub, git, local or tarball) everywhere it is listed.',
    });
  }
  if (existing.kind === 'hub' && incoming.kind === 'hub') return { ...existing, specifiers: [...existing.specifiers, ...incoming.specifiers] };
  if (existing.kind === 'git' && incoming.kind === 'git') return { ...existing, revisions: [...existing.revisions, ...incoming.revisions], warnUnpinned: existing.warnUnpinned && incoming.warnUnpinned };
  return existing;
}

class Listing {
  readonly packages = new Map<string, Unpinned>();
  add(specs: PackageSpec[]): void {
    for (const spec of specs) this.incorporate(toUnpinned(spec));
  }
  incorporate(pkg: Unpinned): Unpinned {
    const existing = this.packages.get(pkg.key);
    const merged = existing === undefined ? pkg : merge(existing, pkg);
    this.packages.set(pkg.key, merged);
    return merged;
  }
}

export class Resolver {
  private readonly warnings: string[] = [];
  constructor(private readonly context: ResolveContext) {}

  takeWarnings(): string[] {
    return this.warnings.splice(0);
  }

  /** dbt's `resolve_packages`: the declared packages and everything they depend on, pinned. */
  async resolveAll(specs: PackageSpec[]): Promise<Pinned[]> {
    const final = new Listing();
    const pending = new Listing();
    pending.add(specs);
    let round = pending;
    for (let depth = 0; round.packages.size > 0; depth++) {
      if (depth > 100) throw new DailiesError('config', 'Package dependencies do not settle after 100 rounds', { hint: 'Two packages probably depend on each other in a loop.' });
      const next = new Listing();
      for (const pkg of round.packages.values()) {
        const merged = final.incorporate(pkg);
        const pinned = await this.pin(merged);
        next.add(pinned.packages);
      }
      round = next;
    }
    const pinned = await Promise.all([...final.packages.values()].map((pkg) => this.pin(pkg)));
    this.checkNames(pinned);
    return pinned;
  }

  /** dbt's `resolve_lock_packages`: the lock's entries pinned as written, no dependencies followed. */
  async resolveLocked(specs: PackageSpec[]): Promise<Pinned[]> {
    const listing = new Listing();
    listing.add(specs);
    const pinned: Pinned[] = [];
    for (const pkg of listing.packages.values()) pinned.push(await this.pin(pkg));
    this.checkNames(pinned);
    return pinned;
  }

  private checkNames(pinned: Pinned[]): void {
    const seen = new Map<string, Pinned>();
    for (const pkg of pinned) {
      if (pkg.projectName === this.context.projectName) {
        throw new DailiesError('config', `Package ${pkg.label} has the same name as the root project (${pkg.projectName})`, { hint: 'A project cannot depend on itself; remove the entry.' });
      }
      const other = seen.get(pkg.projectName);
      if (other) {
        throw new DailiesError('config', `Packages ${other.label} and ${pkg.label} both install as ${pkg.projectName}`, { hint: 'Keep one of the two entries (dbt installs each project name once).' });
      }
      seen.set(pkg.projectName, pkg);
    }
  }

  private readonly pinCache = new Map<string, Promise<Pinned>>();

  private pin(pkg: Unpinned): Promise<Pinned> {
    const cacheKey = JSON.stringify(pkg, (key, value: unknown) => (key === 'place' ? undefined : value));
    let pinned = this.pinCache.get(cacheKey);
    if (pinned === undefined) {
      pinned = this.pinNow(pkg);
      this.pinCache.set(cacheKey, pinned);
    }
    return pinned;
  }

  private async pinNow(pkg: Unpinned): Promise<Pinned> {
    const { context } = this;
    switch (pkg.kind) {
      case 'hub': {
        const available = await context.hub.compatibleVersions(pkg.package, context.dbtVersion, pkg.place);
        const { version, latest } = resolveVersion(pkg.package, pkg.specifiers, available, pkg.installPrerelease, pkg.place);
        const info = (await context.hub.versions(pkg.package, pkg.place))[version]!;
        let files: Promise<string> | undefined;
        return {
          label: pkg.package,
          projectName: info.name,
          lock: { package: pkg.package, version },
          versionText: `version ${version}`,
          latest,
          packages: readPackageList({ value: { packages: info.packages }, file: `${pkg.package}@${version} (hub)`, placeOf: () => pkg.place, placeOfKey: () => pkg.place }),
          files: () => (files ??= fetchTarball(info.tarball, context.downloads, info.name, pkg.place)),
          link: false,
        };
      }
      case 'git': {
        const revisions = [...new Set(pkg.revisions)];
        if (revisions.length > 1) {
          throw new DailiesError('config', `Git package ${pkg.key} is asked for at several revisions: ${revisions.join(', ')}`, {
            place: pkg.place,
            hint: 'Ask for one revision everywhere the package is listed (including the packages that depend on it).',
          });
        }
        const revision = revisions[0];
        if (pkg.warnUnpinned && (revision === undefined || revision === 'HEAD' || revision === 'main' || revision === 'master')) {
          this.warnings.push(`The git package ${pkg.git} is not pinned (revision ${revision ?? 'HEAD'}): pin it to a tag or commit for reproducible installs.`);
        }
        const checkout = await fetchGit(pkg.git, revision, pkg.subdirectory, context.downloads, pkg.place);
        const lock: LockEntry = { git: this.scrubbed(pkg.lockText), revision: checkout.sha };
        if (pkg.subdirectory) lock.subdirectory = pkg.subdirectory;
        return { label: pkg.git, lock, versionText: `revision ${checkout.sha}`, link: false, files: () => Promise.resolve(checkout.root), ...this.describeFolder(checkout.root, pkg.git) };
      }
      case 'local': {
        const root = resolve(context.projectRoot, pkg.local);
        if (!existsSync(join(root, 'dbt_project.yml'))) {
          throw new DailiesError('config', `Local package "${pkg.local}" has no dbt_project.yml (looked in ${root})`, { place: pkg.place, hint: 'Point `local:` at a folder (relative to the root project) that holds a dbt_project.yml.' });
        }
        return { label: pkg.local, lock: { local: pkg.local }, versionText: `<local @ ${pkg.local}>`, link: true, files: () => Promise.resolve(root), ...this.describeFolder(root, pkg.local) };
      }
      case 'tarball': {
        const root = await fetchTarball(pkg.tarball, context.downloads, pkg.name, pkg.place);
        return { label: pkg.name, lock: { tarball: this.scrubbed(pkg.lockText), name: pkg.name }, versionText: `tarball (url: ${pkg.tarball})`, link: false, files: () => Promise.resolve(root), ...this.describeFolder(root, pkg.tarball), projectName: pkg.name };
      }
    }
  }

  /**
   * dbt's `scrub_secrets` on a lock entry: the value of a `DBT_ENV_SECRET_` variable written into
   * packages.yml itself (not through `env_var()`) is replaced, with a warning that the lock then
   * needs `deps --upgrade`.
   */
  private scrubbed(text: string): string {
    const redactor = new Redactor();
    redactor.add(environmentSecrets(this.context.env).filter(({ source }) => source.startsWith('$DBT_ENV_SECRET_')));
    const clean = redactor.redact(text);
    if (clean !== text) {
      this.warnings.push(`Detected a secret in ${clean}: the lock file gets this scrubbed text, so installing from it needs \`deps --upgrade\`. Pass the secret with env_var() (e.g. "{{ env_var('DBT_ENV_SECRET_GIT_CREDENTIAL') }}") instead of writing it into packages.yml.`);
    }
    return clean;
  }

  /** A fetched package's project name and its own declared packages. */
  private describeFolder(root: string, label: string): { projectName: string; packages: PackageSpec[] } {
    const yaml = readYamlFile(join(root, 'dbt_project.yml'), `${label}/dbt_project.yml`, 'config');
    const raw = (yaml.value as { name?: unknown } | null)?.name;
    const rendered = typeof raw === 'string' ? createEnvRenderer(this.context.env).render(raw, yaml.placeOf(yaml.value)) : raw;
    if (typeof rendered !== 'string' || rendered === '') {
      throw new DailiesError('config', `Package ${label} has a dbt_project.yml without a \`name\``, { place: { file: yaml.file }, hint: 'Every package needs `name:` in its dbt_project.yml.' });
    }
    return { projectName: rendered, packages: readDeclaredPackages(root, this.context.env, `${label}/`).specs };
  }
}
