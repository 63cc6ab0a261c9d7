/**
 * The PR loop on a project that uses the five real packages: promotion builds production from a
 * fresh warehouse, and a pull request that edits a model whose SQL comes from introspecting
 * macros (dbt_utils.pivot over get_column_values, star, union_relations) is checked, diffed and
 * left out of production. Without a warehouse those models cannot be compiled ahead of the build;
 * this pins down that neither the promotion nor the PR check needs them to be.
 */
import { readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTinyRepo, databaseChecksums, type TinyRepo } from '../../bench/reliability/tiny-project.js';
import { main } from '../../src/cli/main.js';
import { promote } from '../../src/review/promote.js';
import { runReview } from '../../src/review/run-review.js';
import { packagesDir, packagesPresent as present } from './packages-dir.js';

const fixture = fileURLToPath(new URL('../fixtures/packages-project/', import.meta.url));
function fixtureFiles(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'profiles.yml') files[relative(folder, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(folder);
  return files;
}

let repo: TinyRepo;

describe.skipIf(!present)('the PR loop on a project using the five packages', () => {
  beforeAll(async () => {
    const files = fixtureFiles(fixture);
    // the tests built to fail (tagged must_fail) warn here, so that production can be promoted
    files['dbt_project.yml'] += 'data_tests:\n  packages_proof:\n    +severity: warn\n';
    files['.gitignore'] = 'profiles.yml\ntarget/\ndbt_packages/\n*.duckdb\n*.duckdb.wal\n';
    repo = createTinyRepo(files);
    symlinkSync(packagesDir, join(dirname(repo.dir), 'dbt-packages'), 'dir');
    repo.write('profiles.yml', `packages_proof:\n  target: prod\n  outputs:\n    prod: {type: duckdb, path: '${repo.prodPath}', schema: main, threads: 2}\n`);
    const promoted = await promote({ projectDir: repo.dir, env: {} });
    expect(promoted.error).toBeUndefined();
    expect(promoted.status).toBe('published');
  }, 120_000);
  afterAll(() => repo?.dispose());

  it('runs codegen.generate_model_yaml with run-operation, printing the YAML on stdout as dbt does', async () => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text), env: {}, cwd: repo.dir };
    const code = await main(['run-operation', 'codegen.generate_model_yaml', '--args', '{model_names: [orders_copy]}'], io);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // as dbt-core 1.11.16 + dbt-duckdb 1.11.1 print it for the same table
    expect(stdout).toContain('models:\n  - name: orders_copy\n    description: ""\n    columns:\n      - name: order_id\n        data_type: integer\n');
    expect(stdout).toContain('      - name: ordered_at\n        data_type: date\n');
  });

  it('checks a change to a pivot built from get_column_values, and production stays as it was', async () => {
    repo.git('checkout', '--quiet', '-b', 'feature');
    const pivot = repo.read('models/utils_pivot.sql');
    // customer 10 leaves the pivot: one row fewer than production's
    repo.write('models/utils_pivot.sql', pivot.replace("from {{ ref('orders') }}", "from {{ ref('orders') }}\nwhere customer_id > 10"));
    repo.commit('pivot fewer customers');
    const before = await databaseChecksums(repo.prodPath);
    const review = await runReview({ projectDir: repo.dir, env: {}, baseRef: 'main', pr: { number: 7 } });
    expect(review.error).toBeUndefined();
    expect(review.changes.map((change) => change.uniqueId)).toContain('model.packages_proof.utils_pivot');
    const built = review.builds.find((build) => build.name === 'utils_pivot');
    expect(built?.status).toBe('success');
    const diff = review.diffs.find((entry) => entry.name === 'utils_pivot');
    expect(diff?.error).toBeUndefined();
    expect(diff?.prodExists).toBe(true);
    expect(diff!.rowCounts.pr).toBe(diff!.rowCounts.prod! - 1);
    expect(await databaseChecksums(repo.prodPath)).toEqual(before);
  }, 120_000);
});
