/**
 * The few git questions the PR workflow asks, answered without disturbing the working tree.
 * Every call passes its arguments as an array (refs and branch names are untrusted input);
 * nothing goes through a shell.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { DailiesError } from '../errors.js';

/** Runs `git <args>` in `cwd`, returning stdout without the trailing newline. */
export function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const detail = (stderr || error.message).trim().split('\n')[0] ?? '';
        reject(new DailiesError('usage', `git ${args[0] ?? ''} failed: ${detail}`, { hint: 'run dailies inside a git checkout with the base branch fetched (e.g. `git fetch origin main`)' }));
        return;
      }
      resolve(stdout.replace(/\n$/, ''));
    });
  });
}

/** Refuses refs that git would read as options. */
function checkRef(ref: string): string {
  if (ref === '' || ref.startsWith('-') || /[\0\n]/.test(ref)) {
    throw new DailiesError('usage', `'${ref}' is not a git ref`, { hint: 'pass a branch, tag or commit, e.g. --base main' });
  }
  return ref;
}

/** The commit sha a ref names. */
export async function resolveCommit(cwd: string, ref: string): Promise<string> {
  checkRef(ref);
  try {
    return await git(cwd, ['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`]);
  } catch {
    throw new DailiesError('usage', `git ref '${ref}' was not found`, {
      hint: `fetch it first (e.g. \`git fetch origin ${ref}\`), or pass a branch, tag or commit that exists`,
    });
  }
}

/** The merge-base of two refs (where a pull request branched off its base). */
export async function mergeBase(cwd: string, a: string, b: string): Promise<string> {
  const [shaA, shaB] = await Promise.all([resolveCommit(cwd, a), resolveCommit(cwd, b)]);
  try {
    return await git(cwd, ['merge-base', shaA, shaB]);
  } catch {
    throw new DailiesError('usage', `'${a}' and '${b}' share no history`, {
      hint: 'fetch the full history of both branches (actions/checkout: fetch-depth: 0)',
    });
  }
}

/** `dir` relative to the repository root (`''` at the root, else ending in `/`). */
export async function pathInRepo(dir: string): Promise<string> {
  return git(dir, ['rev-parse', '--show-prefix']);
}

/** The repository's top-level folder. */
export async function repoRoot(dir: string): Promise<string> {
  return git(dir, ['rev-parse', '--show-toplevel']);
}

/** The checked-out branch name, or null on a detached HEAD. */
export async function currentBranch(cwd: string): Promise<string | null> {
  const name = await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']);
  return name === 'HEAD' ? null : name;
}

/**
 * Writes the tree of commit `sha` (only `subdir`, when given) into `destDir`:
 * `git archive <sha> | tar -x`, the working tree and index untouched. `cwd` is the repository's
 * top-level folder (`subdir` is relative to it).
 */
export async function extractCommit(cwd: string, sha: string, destDir: string, subdir = ''): Promise<void> {
  if (!/^[0-9a-f]{7,64}$/.test(sha)) throw new DailiesError('internal', `not a commit sha: ${sha}`);
  mkdirSync(destDir, { recursive: true });
  const treeish = subdir ? `${sha}:${subdir.replace(/\/$/, '')}` : sha;
  await new Promise<void>((resolve, reject) => {
    const archive = spawn('git', ['archive', '--format=tar', treeish], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const tar = spawn('tar', ['-x', '-f', '-', '-C', destDir], { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    archive.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    tar.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    archive.stdout.pipe(tar.stdin);
    let pending = 2;
    let failed = false;
    const done = (code: number | null) => {
      if (code !== 0) failed = true;
      if (--pending > 0) return;
      if (failed) reject(new DailiesError('internal', `could not read commit ${sha.slice(0, 12)} from git: ${errors.trim() || 'git archive failed'}`));
      else resolve();
    };
    archive.on('error', reject);
    tar.on('error', reject);
    archive.on('close', done);
    tar.on('close', done);
  });
}
