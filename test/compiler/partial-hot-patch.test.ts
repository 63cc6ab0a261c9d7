/**
 * The hot patch of `parse --watch` (src/compiler/partial/hot-patch.ts): after each of a seeded
 * random sequence of model edits, a patched manifest (written with the watch's piece cache) must
 * be the same bytes as a full parse of the edited project; an edit that reaches past the model
 * (config, refs, an ephemeral model) must be refused and leave the manifest as it was.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProject, seededRandom } from '../../bench/generate-project.js';
import { loadProject } from '../../src/project/index.js';
import { compileProject } from '../../src/compiler/index.js';
import { patchModel } from '../../src/compiler/partial/hot-patch.js';
import { serializeManifest, writeManifest, type PieceCache } from '../../src/graph/artifacts.js';
import type { ProjectCompiler } from '../../src/compiler/api.js';

let projectDir: string;
let outDir: string;

async function fullParse(): Promise<ProjectCompiler> {
  const project = await loadProject({ projectDir, profilesDir: projectDir, env: {} });
  return compileProject(project, { flags: { which: 'parse' } });
}

const stable = (text: string): string => text.replace(/"generated_at":"[^"]*"/, '"generated_at":"-"');

beforeAll(() => {
  projectDir = mkdtempSync(path.join(os.tmpdir(), 'dailies-hot-patch-'));
  outDir = mkdtempSync(path.join(os.tmpdir(), 'dailies-hot-patch-out-'));
  generateProject({ dir: projectDir, models: 20, seed: 11 });
  mkdirSync(path.join(projectDir, 'models', 'extra'));
  writeFileSync(path.join(projectDir, 'models', 'extra', 'eph.sql'), "{{ config(materialized='ephemeral') }}\nselect 1 as id\n");
  writeFileSync(path.join(projectDir, 'models', 'extra', 'uses_eph.sql'), "select * from {{ ref('eph') }}\n");
  writeFileSync(path.join(projectDir, 'macros', 'nested_calls.sql'), "{% macro outer_call() %}{{ inner_call() }}{% endmacro %}\n{% macro inner_call() %}1{% endmacro %}\n");
});

afterAll(() => {
  rmSync(projectDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('hot patch of one model', () => {
  it('gives the bytes of a full parse after each of 30 random edits, and refuses what reaches past the model', async () => {
    const next = seededRandom(424242);
    let compiler = await fullParse();
    let pieces: PieceCache = new WeakMap();
    writeManifest(compiler.manifest, outDir, pieces);
    const models = Object.values(compiler.manifest.nodes).filter((node) => node.resource_type === 'model' && !node.path.startsWith('extra'));
    const counts = { patched: 0, refused: 0 };
    for (let step = 0; step < 30; step++) {
      const node = models[Math.floor(next() * models.length)]!;
      const file = path.join(projectDir, node.original_file_path);
      const roll = next();
      let expectRefusal = false;
      let target = node.unique_id;
      if (roll < 0.5) {
        appendFileSync(file, `\n-- edit ${step}\n`);
      } else if (roll < 0.65) {
        writeFileSync(file, readFileSync(file, 'utf8').replace(/\bselect\b/, `select ${step} as step_${step},`));
      } else if (roll < 0.75) {
        writeFileSync(file, `{{ config(tags=['t${step}']) }}\n${readFileSync(file, 'utf8')}`);
        expectRefusal = true;
      } else if (roll < 0.85) {
        writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- {{ ref('eph') }}\n`);
        expectRefusal = true;
      } else {
        target = 'model.bench.eph';
        writeFileSync(path.join(projectDir, 'models', 'extra', 'eph.sql'), `{{ config(materialized='ephemeral') }}\nselect ${step} as id\n`);
        expectRefusal = true;
      }
      const before = stable(serializeManifest(compiler.manifest));
      const targetFile = path.join(projectDir, compiler.manifest.nodes[target]!.original_file_path);
      const refused = await patchModel(compiler.internals!, target, readFileSync(targetFile, 'utf8'));
      if (expectRefusal) expect(refused, `step ${step}`).toBeDefined();
      if (refused !== undefined) {
        counts.refused++;
        expect(stable(serializeManifest(compiler.manifest)), `step ${step}: a refused patch changed the manifest`).toBe(before);
        compiler = await fullParse();
        pieces = new WeakMap();
        writeManifest(compiler.manifest, outDir, pieces);
        continue;
      }
      counts.patched++;
      writeManifest(compiler.manifest, outDir, pieces);
      const patched = stable(readFileSync(path.join(outDir, 'manifest.json'), 'utf8'));
      const full = stable(serializeManifest((await fullParse()).manifest));
      expect(patched === full, `step ${step}: the patched manifest differs from a full parse`).toBe(true);
    }
    expect(counts.patched).toBeGreaterThan(10);
    expect(counts.refused).toBeGreaterThan(3);
  });

  it('gives the bytes of a full parse when an edit makes a model call a macro that calls another', async () => {
    const compiler = await fullParse();
    const model = Object.values(compiler.manifest.nodes).find((node) => node.resource_type === 'model' && !node.path.startsWith('extra'))!;
    const file = path.join(projectDir, model.original_file_path);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- {{ outer_call() }}\n`);
    const refused = await patchModel(compiler.internals!, model.unique_id, readFileSync(file, 'utf8'));
    const full = stable(serializeManifest((await fullParse()).manifest));
    if (refused === undefined) expect(stable(serializeManifest(compiler.manifest)) === full, 'the patched manifest differs from a full parse').toBe(true);
    else expect(full).toContain('"depends_on":{"macros":["macro.bench.inner_call"]}');
  });
});
