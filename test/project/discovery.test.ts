import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadProject } from '../../src/project/index.js';
import { cleanEnv, removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

it('discovers and loads a thousand model files across a hundred folders, sorted', async () => {
  const dir = tempProject({ 'dbt_project.yml': 'name: big\n' });
  for (let folder = 0; folder < 100; folder++) {
    const path = join(dir, 'models', `domain_${String(folder).padStart(3, '0')}`);
    mkdirSync(path, { recursive: true });
    for (let file = 0; file < 10; file++) writeFileSync(join(path, `model_${String(file).padStart(3, '0')}.sql`), `select ${file} as id`);
    writeFileSync(join(path, 'schema.yml'), `models:\n  - name: model_000_in_${folder}\n    columns:\n      - name: id\n        tests: [unique]\n`);
  }
  const project = await loadProject({ projectDir: dir, env: cleanEnv() });
  expect(project.rootPackage.models).toHaveLength(1_000);
  expect(project.rootPackage.models[0]!.relPath).toBe('models/domain_000/model_000.sql');
  expect(project.rootPackage.models[999]!.contents).toBe('select 9 as id');
  expect(project.rootPackage.properties.nodes).toHaveLength(100);
});
