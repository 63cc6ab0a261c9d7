/**
 * Getting a package's files into the downloads folder: a tarball downloaded and unpacked (one
 * top folder, as dbt requires), or a git repository cloned and checked out at a revision.
 * Only this module touches the network or runs git.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { extract } from 'tar';
import { DailiesError, type SourcePlace } from '../errors.js';

const run = promisify(execFile);

function slug(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** Downloads `url` and unpacks it; returns the archive's single top folder. */
export async function fetchTarball(url: string, downloads: string, label: string, place?: SourcePlace): Promise<string> {
  const key = slug(url);
  const unpacked = join(downloads, `${key}_untarred`);
  if (existsSync(unpacked)) return singleRoot(unpacked, url, label, place);
  let bytes: Buffer;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new DailiesError('config', `Could not download ${label} from ${url}: ${(error as Error).message}`, {
      place,
      hint: 'Check the URL and the network.',
      cause: error,
    });
  }
  const archive = join(downloads, `${key}.tar.gz`);
  writeFileSync(archive, bytes);
  mkdirSync(unpacked, { recursive: true });
  try {
    await extract({ file: archive, cwd: unpacked, strict: true });
  } catch (error) {
    rmSync(unpacked, { recursive: true, force: true });
    throw new DailiesError('config', `${url} is not a readable .tar.gz archive: ${(error as Error).message}`, { place, hint: 'A package tarball is a gzipped tar holding one folder with dbt_project.yml.', cause: error });
  }
  return singleRoot(unpacked, url, label, place);
}

function singleRoot(folder: string, url: string, label: string, place?: SourcePlace): string {
  const entries = readdirSync(folder).filter((name) => statSync(join(folder, name)).isDirectory() || !name.startsWith('.'));
  if (entries.length !== 1 || !statSync(join(folder, entries[0]!)).isDirectory()) {
    throw new DailiesError('config', `Incorrect structure for package ${label} extracted from ${url}: it holds ${entries.length} top-level entries`, {
      place,
      hint: `The archive must hold a single folder, ${label}/<package contents> (as \`git archive --prefix\` or GitHub's tarballs do).`,
    });
  }
  return join(folder, entries[0]!);
}

export interface GitCheckout {
  /** The package root (the subdirectory, when one is given). */
  root: string;
  /** The commit checked out. */
  sha: string;
}

/**
 * Clones `url` and checks out `revision` (a tag, branch or commit; HEAD when absent). Clones are
 * cached per URL and revision in `downloads`.
 */
export async function fetchGit(url: string, revision: string | undefined, subdirectory: string | undefined, downloads: string, place?: SourcePlace): Promise<GitCheckout> {
  const wanted = revision ?? 'HEAD';
  const folder = join(downloads, `git-${slug(`${url}\n${wanted}`)}`);
  if (!existsSync(folder)) {
    try {
      await run('git', ['clone', '--quiet', '--no-checkout', url, folder], { env: gitEnv() });
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw new DailiesError('config', `git clone of ${url} failed: ${gitMessage(error)}`, { place, hint: 'Check the URL and that git can reach it (credentials, network).', cause: error });
    }
    try {
      await run('git', ['-C', folder, 'checkout', '--quiet', '--detach', wanted], { env: gitEnv() });
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw new DailiesError('config', `Revision ${wanted} not found in ${url}`, {
        place,
        hint: 'Use an existing tag, branch or full commit SHA of that repository for `revision:`.',
        cause: error,
      });
    }
  }
  const { stdout } = await run('git', ['-C', folder, 'rev-parse', 'HEAD'], { env: gitEnv() });
  const root = subdirectory ? join(folder, subdirectory) : folder;
  if (!existsSync(join(root, 'dbt_project.yml'))) {
    throw new DailiesError('config', `${url}${subdirectory ? ` (subdirectory ${subdirectory})` : ''} at ${wanted} holds no dbt_project.yml`, {
      place,
      hint: subdirectory ? 'Check `subdirectory:`: it names the folder inside the repository that holds dbt_project.yml.' : 'If the package lives in a folder of the repository, add `subdirectory: <folder>`.',
    });
  }
  return { root, sha: stdout.trim() };
}

function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0' };
}

function gitMessage(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr;
  return (stderr?.trim().split('\n').at(-1) ?? (error as Error).message).trim();
}
