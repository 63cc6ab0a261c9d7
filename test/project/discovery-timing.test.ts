import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadProject } from '../../src/project/index.js';
import { cleanEnv, removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

it('discovers and loads 10,000 small model files well under a second', async () => {
  const dir = tempProject({ 'dbt_project.yml': 'name: big\n' });
  for (let folder = 0; folder < 100; folder++) {
    const path = join(dir, 'models', `domain_${String(folder).padStart(3, '0')}`);
    mkdirSync(path, { recursive: true });
    for (let file = 0; file < 100; file++) writeFileSync(join(path, `model_${String(file).padStart(3, '0')}.sql`), `select ${file} as id`);
    writeFileSync(join(path, 'schema.yml'), `models:\n  - name: model_000_in_${folder}\n    columns:\n      - name: id\n        tests: [unique]\n`);
  }
  const started = performance.now();
  const project = await loadProject({ projectDir: dir, env: cleanEnv() });
  const elapsed = performance.now() - started;
  expect(project.rootPackage.models).toHaveLength(10_000);
  expect(project.rootPackage.models[0]!.relPath).toBe('models/domain_000/model_000.sql');
  expect(project.rootPackage.models[9_999]!.contents).toBe('select 99 as id');
  expect(project.rootPackage.properties.nodes).toHaveLength(100);
  expect(elapsed, `loading took ${Math.round(elapsed)} ms`).toBeLessThan(1500);
});
