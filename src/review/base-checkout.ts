/**
 * The base of a pull request on disk: the merge-base commit's copy of the project, extracted into
 * a temporary folder with `git archive` (the working tree, index and HEAD are never touched).
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractCommit, mergeBase, pathInRepo, repoRoot, resolveCommit } from './git.js';

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
 * Vendored packages (`dbt_packages/`, usually git-ignored) are copied from the head when the base lacks them.
 */
export async function checkoutBase(projectDir: string, baseRef: string, options: { exact?: boolean } = {}): Promise<BaseCheckout> {
  const headSha = await resolveCommit(projectDir, 'HEAD');
  const sha = options.exact ? await resolveCommit(projectDir, baseRef) : await mergeBase(projectDir, 'HEAD', baseRef);
  const prefix = await pathInRepo(projectDir);
  const root = mkdtempSync(join(tmpdir(), `dailies-base-${sha.slice(0, 8)}-`));
  const dispose = () => rmSync(root, { recursive: true, force: true });
  try {
    await extractCommit(await repoRoot(projectDir), sha, root, prefix);
    for (const vendored of ['dbt_packages', 'dbt_modules']) {
      const headPackages = join(projectDir, vendored);
      if (existsSync(headPackages) && !existsSync(join(root, vendored))) cpSync(headPackages, join(root, vendored), { recursive: true });
    }
  } catch (error) {
    dispose();
    throw error;
  }
  return { sha, headSha, projectDir: root, dispose };
}
