/**
 * `dailies deps` as dbt 1.11's `dbt deps` runs: resolve the declared packages into
 * package-lock.yml unless a lock written for the same declarations exists (or --upgrade), then
 * empty the packages folder and install exactly what the lock names.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { DailiesError } from '../errors.js';
import { readYamlFile } from '../project/yaml-source.js';
import { createEnvRenderer } from '../project/env-render.js';
import { readProjectConfig } from '../project/project-config.js';
import { DEFAULT_HUB_URL, HubClient } from './hub-client.js';
import { packagesHash, writeLockFile } from './lock-file.js';
import { Resolver, type Pinned } from './resolve.js';
import { LOCK_FILE, readDeclaredPackages, readPackageList } from '../project/package-specs.js';

/** The dbt-core version dailies answers to (packages' `require-dbt-version` is checked against it). */
export const DBT_COMPATIBLE_VERSION = '1.11.0';

export interface DepsOptions {
  projectRoot: string;
  env: Record<string, string | undefined>;
  /** Hub API base; default DBT_PACKAGE_HUB_URL, then https://hub.getdbt.com/. */
  hubUrl?: string;
  /** Re-resolve even when the lock matches packages.yml. */
  upgrade?: boolean;
  /** Write the lock only; install nothing. */
  lockOnly?: boolean;
  log(line: string): void;
}

export interface DepsResult {
  /** Whether package-lock.yml was (re)written. */
  locked: boolean;
  installed: { name: string; version: string }[];
  warnings: string[];
}

export async function installPackages(options: DepsOptions): Promise<DepsResult> {
  const root = resolve(options.projectRoot);
  const config = readProjectConfig(root, 'dbt_project.yml', createEnvRenderer(options.env));
  const declared = readDeclaredPackages(root, options.env);
  const result: DepsResult = { locked: false, installed: [], warnings: [] };
  if (declared.specs.length === 0) {
    options.log('No packages found in packages.yml or dependencies.yml: nothing to install.');
    return result;
  }
  const userDownloads = options.env.DBT_DOWNLOADS_DIR;
  const downloads = userDownloads ?? mkdtempSync(join(tmpdir(), 'dailies-downloads-'));
  mkdirSync(downloads, { recursive: true });
  const resolver = new Resolver({
    projectRoot: root,
    projectName: config.name,
    downloads,
    hub: new HubClient(options.hubUrl ?? options.env.DBT_PACKAGE_HUB_URL ?? DEFAULT_HUB_URL),
    env: options.env,
    dbtVersion: DBT_COMPATIBLE_VERSION,
  });
  try {
    const lockPath = join(root, LOCK_FILE);
    const hash = packagesHash(declared.specs);
    if (options.upgrade || !existsSync(lockPath) || readLockHash(lockPath) !== hash) {
      const pinned = await resolver.resolveAll(declared.specs);
      writeLockFile(lockPath, pinned.map((pkg) => ({ ...pkg.lock, name: pkg.projectName })), hash);
      result.locked = true;
      options.log(`Updated lock file ${LOCK_FILE} (${pinned.length} package${pinned.length === 1 ? '' : 's'}).`);
    }
    if (!options.lockOnly) {
      const locked = await resolver.resolveLocked(readPackageList(readYamlFile(lockPath, LOCK_FILE, 'config'), createEnvRenderer(options.env)));
      const installDir = resolve(root, config.packagesInstallPath);
      // installed beside the packages folder, which is replaced only once every package is in:
      // a package that fails leaves the packages installed before as they were
      const staging = `${installDir}.dailies-${process.pid}`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      try {
        for (const pkg of locked) {
          options.log(`Installing ${pkg.label}`);
          await install(pkg, staging);
          options.log(`  Installed from ${pkg.versionText}`);
          if (pkg.latest !== undefined) options.log(pkg.latest === pkg.lock.version ? '  Up to date!' : `  Updated version available: ${pkg.latest}`);
          result.installed.push({ name: pkg.projectName, version: pkg.lock.version ?? pkg.lock.revision ?? pkg.versionText });
        }
        rmSync(installDir, { recursive: true, force: true });
        renameSync(staging, installDir);
      } finally {
        rmSync(staging, { recursive: true, force: true });
      }
    }
    result.warnings.push(...resolver.takeWarnings());
    return result;
  } finally {
    if (userDownloads === undefined) rmSync(downloads, { recursive: true, force: true });
  }
}

function readLockHash(lockPath: string): string | undefined {
  const value = readYamlFile(lockPath, LOCK_FILE, 'config').value as { sha1_hash?: unknown } | null;
  return typeof value?.sha1_hash === 'string' ? value.sha1_hash : undefined;
}

async function install(pkg: Pinned, installDir: string): Promise<void> {
  const destination = join(installDir, pkg.projectName);
  if (relative(installDir, destination).startsWith('..') || pkg.projectName.includes('/') || pkg.projectName.includes('\\')) {
    throw new DailiesError('config', `Invalid package name '${pkg.projectName}': resolves outside of the packages install path`, { hint: 'Package names are identifiers (letters, digits, underscores).' });
  }
  const source = await pkg.files();
  if (pkg.link) {
    try {
      symlinkSync(source, destination, 'dir');
      return;
    } catch {
      // no symlinks on this file system: copy instead, as dbt does
    }
  }
  cpSync(source, destination, { recursive: true, filter: (path) => !(path.startsWith(source) && relative(source, path).split(/[\\/]/)[0] === '.git') });
}
