/**
 * The base of a pull request on disk: the merge-base commit's copy of the project, extracted into
 * a temporary folder with `git archive` (the working tree, index and HEAD are never touched).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { readDeclaredPackages } from '../project/package-specs.js';
import { extractCommit, git, mergeBase, pathInRepo, repoRoot, resolveCommit } from './git.js';

export interface BaseCheckout {
  /** The merge-base commit. */
  sha: string;
  /** HEAD's commit. */
  headSha: string;
  /** The project folder as it was at `sha`. */
  projectDir: string;
  /** Removes the temporary folder. */
  dispose(): void;
}

/**
 * Extracts the project as of merge-base(HEAD, `baseRef`) (or exactly `baseRef` with `exact`).
 * Vendored packages (`dbt_packages/`, usually git-ignored) are copied from the head when the base
 * lacks them. `local:` packages outside the project folder resolve as they do for the head: the
 * base commit's copy when they are in the repository, the head's folder when they are outside it.
 */
export async function checkoutBase(projectDir: string, baseRef: string, options: { exact?: boolean; env?: Record<string, string | undefined> } = {}): Promise<BaseCheckout> {
  const headSha = await resolveCommit(projectDir, 'HEAD');
  const sha = options.exact ? await resolveCommit(projectDir, baseRef) : await mergeBase(projectDir, 'HEAD', baseRef);
  const prefix = await pathInRepo(projectDir);
  const top = await repoRoot(projectDir);
  const root = mkdtempSync(join(tmpdir(), `dailies-base-${sha.slice(0, 8)}-`));
  const dispose = () => rmSync(root, { recursive: true, force: true });
  try {
    const outside = await outsideLocals(top, sha, prefix, projectDir, options.env ?? process.env);
    // the repository is laid out under enough empty levels that `../` of a local package stays in `root`
    const levels = Math.max(0, ...outside.map((local) => upLevels(local.inRepo)));
    const repoCopy = join(root, ...Array.from({ length: levels }, () => '_'));
    const baseDir = join(repoCopy, prefix);
    await extractCommit(top, sha, baseDir, prefix);
    for (const vendored of ['dbt_packages', 'dbt_modules']) {
      const headPackages = join(projectDir, vendored);
      if (existsSync(headPackages) && !existsSync(join(baseDir, vendored))) cpSync(headPackages, join(baseDir, vendored), { recursive: true });
    }
    for (const local of outside) {
      const place = join(repoCopy, local.inRepo);
      if (existsSync(place)) continue;
      if (upLevels(local.inRepo) === 0) {
        // in the repository: as the base commit has it (absent there: the project load says so)
        await extractCommit(top, sha, place, local.inRepo).catch(() => rmSync(place, { recursive: true, force: true }));
      } else {
        mkdirSync(dirname(place), { recursive: true });
        symlinkSync(local.headDir, place, 'dir');
      }
    }
    return { sha, headSha, projectDir: baseDir, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** How many leading `..` a repository-relative path has. */
function upLevels(inRepo: string): number {
  let levels = 0;
  for (const part of inRepo.split(sep)) {
    if (part !== '..') break;
    levels++;
  }
  return levels;
}

/**
 * The base commit's relative `local:` packages that lie outside the project folder: where each is
 * relative to the repository's top (may start with `..`), and the head's folder of it.
 */
async function outsideLocals(top: string, sha: string, prefix: string, projectDir: string, env: Record<string, string | undefined>): Promise<{ inRepo: string; headDir: string }[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'dailies-base-packages-'));
  try {
    // only the files that declare packages, to read the base's `local:` entries
    for (const file of ['packages.yml', 'dependencies.yml']) {
      const text = await git(top, ['show', `${sha}:${prefix}${file}`]).catch(() => undefined);
      if (text !== undefined) writeFileSync(join(scratch, file), text);
    }
    let specs;
    try {
      specs = readDeclaredPackages(scratch, env).specs;
    } catch {
      return []; // an unreadable packages.yml is reported when the base project loads
    }
    const found: { inRepo: string; headDir: string }[] = [];
    for (const spec of specs) {
      if (spec.kind !== 'local' || isAbsolute(spec.local)) continue;
      const headDir = resolve(projectDir, spec.local);
      const fromProject = relative(projectDir, headDir);
      if (fromProject === '' || !fromProject.startsWith('..')) continue;
      found.push({ inRepo: relative(top, headDir), headDir });
    }
    return found;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
