/**
 * Partial parse (target/partial_parse.json, target/partial_parse.renders.json): a seeded random
 * sequence of edits to a generated project; after each, the first parse must notice the change
 * and render again only what it affects, the second must reuse the cache, and both manifests must
 * equal a `--no-partial-parse` one byte for byte (but `metadata.generated_at`).
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { generateProject, seededRandom } from '../../bench/generate-project.js';
import { hashProjectFiles } from '../../src/cli/parse-cache.js';

let projectDir: string;
const env: Record<string, string | undefined> = {};

async function dailies(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd: projectDir,
    env: { HOME: projectDir, ...env },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

function manifestText(): string {
  return readFileSync(path.join(projectDir, 'target', 'manifest.json'), 'utf8').replace(/"generated_at":"[^"]*"/, '"generated_at":"-"');
}


function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(ext))
    .map((name) => path.join(dir, name))
    .sort();
}

beforeAll(() => {
  projectDir = mkdtempSync(path.join(os.tmpdir(), 'dailies-partial-'));
  generateProject({ dir: projectDir, models: 20, seed: 7 });
  mkdirSync(path.join(projectDir, 'seeds'), { recursive: true });
  writeFileSync(path.join(projectDir, 'seeds', 'colors.csv'), 'id,color\n1,red\n');
  mkdirSync(path.join(projectDir, 'dbt_packages', 'pp_pkg', 'macros'), { recursive: true });
  writeFileSync(path.join(projectDir, 'dbt_packages', 'pp_pkg', 'dbt_project.yml'), "name: pp_pkg\nversion: '1.0.0'\nconfig-version: 2\n");
  writeFileSync(path.join(projectDir, 'dbt_packages', 'pp_pkg', 'macros', 'pkg.sql'), '{% macro pkg_value() %}1{% endmacro %}\n');
  mkdirSync(path.join(projectDir, 'models', 'extra'), { recursive: true });
  writeFileSync(
    path.join(projectDir, 'models', 'extra', 'settings.sql'),
    "select '{{ env_var('PP_COLOR', 'red') }}' as color, {{ var('limit', 10) }} as lim, {{ audit_columns() }}\n",
  );
  // read what no key covers (the graph: rendered again every time) or what differs between commands (flags)
  writeFileSync(path.join(projectDir, 'models', 'extra', 'graph_reader.sql'), "select {{ graph.nodes | length > 0 }} as has_nodes\n");
  writeFileSync(path.join(projectDir, 'models', 'extra', 'flags_reader.sql'), "select '{{ flags.WHICH }}' as which\n");
});

afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

describe('partial parse', () => {
  it('re-renders only what an edit affects, and writes the same manifest as a full parse after each of 40 random edits', async () => {
    const next = seededRandom(20261205);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T;
    let vars: string[] = [];
    const added: string[] = [];
    const kinds = ['model body', 'add model', 'delete model', 'rename model', 'yaml description', 'yaml config', 'macro', 'vars', 'seed', 'env', 'package', 'cycle'] as const;
    const applied = new Map<string, number>();
    const modelsDir = path.join(projectDir, 'models');
    const extra = (name: string): string => path.join(modelsDir, 'extra', `${name}.sql`);
    /** How many nodes the partial parse rendered again, from its report. */
    const rendered = (stdout: string): number => Number(/partial parse: (\d+) of/.exec(stdout)?.[1] ?? NaN);

    const first = await dailies('parse');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).not.toContain('reused');
    expect(manifestText()).toContain('macro.pp_pkg.pkg_value');

    /** A partial parse, then a reuse, then a full parse: the three manifests must be the same bytes. */
    const compare = async (label: string): Promise<string> => {
      const partial = await dailies('parse', ...vars);
      expect(partial.code, `${label}: ${partial.stderr}`).toBe(0);
      expect(partial.stdout, `${label} must parse again`).not.toContain('reused');
      expect(partial.stdout, label).toContain('partial parse:');
      const fromPartial = manifestText();
      const reused = await dailies('parse', ...vars);
      expect(reused.stdout, `${label} must reuse the cache`).toContain('reused');
      expect(manifestText() === fromPartial, `${label}: the reused manifest differs`).toBe(true);
      const full = await dailies('parse', '--no-partial-parse', ...vars);
      expect(full.code, full.stderr).toBe(0);
      expect(fromPartial === manifestText(), `${label}: the partial parse's manifest differs from a full parse`).toBe(true);
      return partial.stdout;
    };

    for (let step = 0; step < 40; step++) {
      // every kind once in the first rounds, then at random
      const kind = step < kinds.length ? kinds[step]! : pick([...kinds]);
      const label = `step ${step} (${kind})`;
      applied.set(kind, (applied.get(kind) ?? 0) + 1);
      if (kind === 'model body') {
        appendFileSync(pick(filesUnder(modelsDir, '.sql')), `\n-- edit ${step}\n`);
      } else if (kind === 'add model' || ((kind === 'delete model' || kind === 'rename model') && added.length === 0)) {
        const name = `added_${step}`;
        const parent = path.basename(pick(filesUnder(path.join(modelsDir, 'staging'), '.sql')), '.sql');
        writeFileSync(extra(name), `select * from {{ ref('${parent}') }}\n`);
        added.push(name);
      } else if (kind === 'delete model') {
        const name = added.splice(Math.floor(next() * added.length), 1)[0]!;
        rmSync(extra(name));
      } else if (kind === 'rename model') {
        const index = Math.floor(next() * added.length);
        const renamed = `renamed_${step}`;
        renameSync(extra(added[index]!), extra(renamed));
        added[index] = renamed;
      } else if (kind === 'yaml description') {
        const file = pick(filesUnder(modelsDir, '.yml').filter((name) => !name.includes('_sources')));
        writeFileSync(file, readFileSync(file, 'utf8').replace(/description: "[^"]*"/, `description: "edited at step ${step}"`));
      } else if (kind === 'yaml config') {
        const file = pick(filesUnder(modelsDir, '.yml').filter((name) => !name.includes('_sources')));
        writeFileSync(file, readFileSync(file, 'utf8').replace(/\n( +)description: /, `\n$1config: {tags: [t${step}], materialized: table}\n$1description: `));
      } else if (kind === 'macro') {
        const file = path.join(projectDir, 'macros', 'bench_macros.sql');
        writeFileSync(file, readFileSync(file, 'utf8').replace(/current_timestamp as loaded_at[^\n]*/, `current_timestamp as loaded_at -- ${step}`));
      } else if (kind === 'vars') {
        vars = ['--vars', `{limit: ${step}}`];
      } else if (kind === 'seed') {
        appendFileSync(path.join(projectDir, 'seeds', 'colors.csv'), `${step + 2},color_${step}\n`);
      } else if (kind === 'package') {
        writeFileSync(path.join(projectDir, 'dbt_packages', 'pp_pkg', 'macros', 'pkg.sql'), `{% macro pkg_value() %}${step}{% endmacro %}\n`);
      } else if (kind === 'cycle') {
        // a ref that closes a cycle is the same error as in a full parse; fixing it parses again
        writeFileSync(extra(`cyc_a_${step}`), `select * from {{ ref('cyc_b_${step}') }}\n`);
        writeFileSync(extra(`cyc_b_${step}`), 'select 1 as id\n');
        await compare(`${label}, before the cycle`);
        writeFileSync(extra(`cyc_b_${step}`), `select * from {{ ref('cyc_a_${step}') }}\n`);
        const partial = await dailies('parse', ...vars);
        const full = await dailies('parse', '--no-partial-parse', ...vars);
        expect(partial.code, label).toBe(1);
        expect(partial.stderr, label).toContain('cyc_a');
        expect(partial.stderr).toBe(full.stderr);
        rmSync(extra(`cyc_a_${step}`));
        rmSync(extra(`cyc_b_${step}`));
      } else {
        env.PP_COLOR = `color_${step}`;
      }
      const stdout = await compare(label);
      // what each edit re-renders, besides graph_reader (every time): the one model; the one model
      // reading the var or env var; nothing for a seed
      if (kind === 'model body' || kind === 'vars' || kind === 'env' || kind === 'add model') expect(rendered(stdout), `${label}: ${stdout}`).toBe(2);
      if (kind === 'seed' || kind === 'package' || kind === 'delete model') expect(rendered(stdout), `${label}: ${stdout}`).toBe(1);
    }
    expect([...applied.keys()].sort()).toEqual([...kinds].sort());
  });

  it('compile and build reuse the parse renders and write the same manifest as without them', async () => {
    const fullCompile = await dailies('compile', '--no-introspect', '--no-partial-parse');
    expect(fullCompile.code, fullCompile.stderr).toBe(0);
    const full = manifestText();
    rmSync(path.join(projectDir, 'target', 'partial_parse.renders.json'), { force: true });
    expect((await dailies('compile', '--no-introspect')).code).toBe(0);
    expect(existsSync(path.join(projectDir, 'target', 'partial_parse.renders.json'))).toBe(true);
    appendFileSync(filesUnder(path.join(projectDir, 'models', 'staging'), '.sql')[0]!, '\n-- compiled again\n');
    const again = await dailies('compile', '--no-introspect');
    expect(again.code).toBe(0);
    const partial = manifestText();
    expect((await dailies('compile', '--no-introspect', '--no-partial-parse')).code).toBe(0);
    expect(partial === manifestText(), 'compile: partial and full manifests differ').toBe(true);
    expect(partial).not.toBe(full);
    expect(partial).toContain("select 'compile' as which");
  });

  it('ls lists the same from the cache as from a full parse; a database file does not count; a damaged or deleted cache is a full parse', async () => {
    await dailies('ls', '-o', 'path');
    const cached = await dailies('ls', '-o', 'path');
    const full = await dailies('ls', '-o', 'path', '--no-partial-parse');
    expect(cached.code).toBe(0);
    expect(cached.stdout).toBe(full.stdout);
    expect(cached.stdout).toContain('settings.sql');
    await dailies('parse');
    writeFileSync(path.join(projectDir, 'bench.duckdb'), 'not a file a parse reads');
    expect((await dailies('parse')).stdout).toContain('reused');
    writeFileSync(path.join(projectDir, 'target', 'partial_parse.json'), JSON.stringify({ format: 1, files: { 'a.sql': 'x' } }));
    const damaged = await dailies('parse');
    expect(damaged.code, damaged.stderr).toBe(0);
    expect(damaged.stdout).not.toContain('reused');
    expect((await dailies('parse')).stdout).toContain('reused');
    rmSync(path.join(projectDir, 'target', 'partial_parse.json'));
    expect((await dailies('parse')).stdout).not.toContain('reused');
    expect(existsSync(path.join(projectDir, 'target', 'partial_parse.json'))).toBe(true);
  });
});

describe('project file hashes', () => {
  it('trusts an unchanged stat, but rehashes a same-size edit whose mtime was put back', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dailies-hashes-'));
    try {
      const file = path.join(dir, 'a.sql');
      writeFileSync(file, 'select 1');
      writeFileSync(path.join(dir, 'notes.bin'), 'not read');
      const old = new Date(Date.now() - 60_000);
      utimesSync(file, old, old);
      // ctime is now; only files whose mtime and ctime are both older than 2 s keep a stat
      expect(hashProjectFiles(dir).stats).toEqual({});
      const first = hashProjectFiles(dir);
      expect(Object.keys(first.files)).toEqual(['a.sql']);
      const fake = { files: { 'a.sql': 'from the stat' }, stats: { 'a.sql': `${statSync(file).size}:${statSync(file).mtimeMs}:${statSync(file).ctimeMs}:${statSync(file).ino}` } };
      expect(hashProjectFiles(dir, fake).files['a.sql']).toBe('from the stat');
      writeFileSync(file, 'select 2');
      utimesSync(file, old, old);
      expect(hashProjectFiles(dir, fake).files['a.sql']).toBe(hashProjectFiles(dir).files['a.sql']);
      expect(hashProjectFiles(dir, fake).files['a.sql']).not.toBe(first.files['a.sql']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('project file hashes through symlinks', () => {
  it('follows a linked package folder but not a link back to an enclosing folder', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dailies-links-'));
    const outside = mkdtempSync(path.join(os.tmpdir(), 'dailies-linked-'));
    try {
      writeFileSync(path.join(outside, 'm.sql'), 'select 1');
      mkdirSync(path.join(dir, 'dbt_packages'));
      symlinkSync(outside, path.join(dir, 'dbt_packages', 'local_pkg'));
      symlinkSync(dir, path.join(dir, 'dbt_packages', 'loop'));
      writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: x');
      expect(Object.keys(hashProjectFiles(dir).files)).toEqual(['dbt_packages/local_pkg/m.sql', 'dbt_project.yml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('partial parse of a missing project', () => {
  it('reports the missing folder as a full parse does', async () => {
    let stderr = '';
    const code = await main(['parse', '--project-dir', path.join(os.tmpdir(), 'dailies-no-such-project')], {
      cwd: os.tmpdir(),
      env: {},
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
      signal: new AbortController().signal,
    });
    expect(code).not.toBe(0);
    expect(stderr).toContain('does not exist');
  });
});
