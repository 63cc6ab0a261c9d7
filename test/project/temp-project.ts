/** Writes small throw-away projects for tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'project');

const created: string[] = [];

/** Creates a temp folder holding `files` (path → contents); removed by `removeTempProjects`. */
export function tempProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dailies-project-'));
  created.push(root);
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), contents);
  }
  return root;
}

export function removeTempProjects(): void {
  for (const root of created.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** An environment with a HOME that holds no ~/.dbt, so tests never read the machine's profiles. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: join(tmpdir(), 'dailies-no-home'), ...extra };
}
