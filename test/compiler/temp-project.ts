/** Tiny projects written to a temporary folder, for tests that need one file or two. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadProject } from '../../src/project/index.js';
import type { Project } from '../../src/project/types.js';

const made: string[] = [];

export async function removeTempProjects(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Writes the files (plus a default dbt_project.yml and profiles.yml for project `shop`) and loads the project. */
export async function tempProject(files: Record<string, string>, options: { vars?: Record<string, unknown> } = {}): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), 'dailies-compiler-'));
  made.push(dir);
  const all: Record<string, string> = {
    'dbt_project.yml': 'name: shop\nprofile: shop\n',
    'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: x.duckdb\n      schema: main\n      threads: 1\n',
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return loadProject({ projectDir: dir, profilesDir: dir, env: {}, vars: options.vars });
}
