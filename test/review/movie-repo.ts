/**
 * Test helper: a temporary git repository holding a copy of the movie project, with its landing
 * zone loaded and production built on DuckDB (`target/dev.duckdb`, schema `main`).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProject } from '../../src/compiler/index.js';
import { generateSampleData, loadLandingZone } from '../../src/ingest/index.js';
import { loadProject } from '../../src/project/index.js';
import { runBuild, type RunResults } from '../../src/run/index.js';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { openAdapter } from '../../src/warehouse/index.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const PROJECT_PARTS = ['dbt_project.yml', 'models', 'seeds', 'snapshots', 'macros', 'data-tests', 'analyses'];

export interface MovieRepo {
  dir: string;
  /** Path of the DuckDB file production lives in. */
  database: string;
  git(...args: string[]): string;
  /** Writes a file (relative to the repo) and returns its previous contents. */
  write(file: string, contents: string): void;
  read(file: string): string;
  /** `git add -A && git commit`. */
  commit(message: string): void;
  dispose(): void;
}

export function createMovieRepo(): MovieRepo {
  const dir = mkdtempSync(join(tmpdir(), 'dailies-review-repo-'));
  for (const part of PROJECT_PARTS) cpSync(join(repoRoot, part), join(dir, part), { recursive: true });
  writeFileSync(join(dir, '.gitignore'), 'target/\n*.duckdb\n*.duckdb.wal\n');
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=Test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '--quiet', '--initial-branch=main');
  const repo: MovieRepo = {
    dir,
    database: join(dir, 'target', 'dev.duckdb'),
    git,
    write: (file, contents) => writeFileSync(join(dir, file), contents),
    read: (file) => readFileSync(join(dir, file), 'utf8'),
    commit: (message) => {
      git('add', '-A');
      git('commit', '--quiet', '-m', message);
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
  repo.commit('base');
  return repo;
}

/** Generates the sample landing zone and loads it into RAW (nothing built). */
export async function loadRaw(repo: MovieRepo): Promise<void> {
  const zone = mkdtempSync(join(tmpdir(), 'dailies-review-zone-'));
  try {
    await generateSampleData({ outDir: zone, scale: 0.001 });
    await withWarehouse(repo, (adapter) => loadLandingZone({ adapter, zone }));
  } finally {
    rmSync(zone, { recursive: true, force: true });
  }
}

/** Loads RAW, then builds every node (production). */
export async function buildProduction(repo: MovieRepo): Promise<RunResults> {
  await loadRaw(repo);
  return withWarehouse(repo, (adapter) => buildAll(repo.dir, adapter));
}

export async function buildAll(projectDir: string, adapter: Adapter): Promise<RunResults> {
  const project = await loadProject({ projectDir, env: {} });
  const compiler = await compileProject(project, { adapter });
  return runBuild({
    compiler,
    adapter,
    select: Object.keys(compiler.manifest.nodes),
    command: 'build',
    threads: 2,
    targetDir: join(projectDir, 'target'),
  });
}

/** Runs `work` with an adapter on the repo's DuckDB file, closing it after. */
export async function withWarehouse<T>(repo: MovieRepo, work: (adapter: Adapter) => Promise<T>): Promise<T> {
  const project = await loadProject({ projectDir: repo.dir, env: {} });
  const adapter = await openAdapter(project.target);
  try {
    return await work(adapter);
  } finally {
    await adapter.close();
  }
}

/** Relation names in a schema, sorted. */
export async function relationsIn(adapter: Adapter, schema: string): Promise<string[]> {
  return (await adapter.listRelations(null, schema)).map((relation) => relation.identifier).sort();
}

/** A checksum of a table's contents: md5 over its rows, sorted. */
export async function tableChecksum(adapter: Adapter, schema: string, table: string): Promise<string> {
  const relation = adapter.renderRelation({ database: null, schema, identifier: table });
  const rows = (await adapter.execute(`select md5(coalesce(string_agg(row_text, '\n' order by row_text), '')) as checksum, count(*) as n from (select cast(t as varchar) as row_text from ${relation} as t)`)).rows;
  return `${String(rows[0]?.n)}:${String(rows[0]?.checksum)}`;
}
