import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/index.js';
import { parseIgnoreRules } from '../../src/project/dbtignore.js';
import { cleanEnv, removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

describe('.dbtignore', () => {
  it('hides matching files and folders from discovery, honouring negation', async () => {
    const dir = tempProject({
      'dbt_project.yml': 'name: shop\n',
      '.dbtignore': '# scratch work\nscratch/\n*_wip.sql\n/models/legacy/**\n!models/legacy/keep.sql\nmodels/archive\n',
      'models/orders.sql': 'select 1',
      'models/orders_wip.sql': 'select 2',
      'models/scratch/a.sql': 'select 3',
      'models/legacy/old.sql': 'select 4',
      'models/legacy/keep.sql': 'select 5',
      'models/archive/x.sql': 'select 6',
      'models/archive.yml': 'models:\n  - name: orders\n',
      'models/deep/scratch/b.sql': 'select 7',
    });
    const project = await loadProject({ projectDir: dir, env: cleanEnv() });
    expect(project.rootPackage.models.map((file) => file.relPath)).toEqual(['models/legacy/keep.sql', 'models/orders.sql']);
    expect(project.rootPackage.properties.nodes.map((node) => node.name)).toEqual(['orders']);
  });

  it('skips comments and blank lines', () => {
    expect(parseIgnoreRules('# c\n\n  \n!a/\n')).toEqual([{ pattern: /(?:^|\/)a$/, negated: true, foldersOnly: true }]);
    expect(parseIgnoreRules('a/**/b?.sql')[0]!.pattern.test('a/x/y/b1.sql')).toBe(true);
    expect(parseIgnoreRules('a/**/b?.sql')[0]!.pattern.test('z/a/b1.sql')).toBe(false);
  });
});
