import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { runBuild } from '../../src/run/index.js';
import { openAdapter } from '../../src/warehouse/index.js';
import { removeTempProjects, tempProject } from '../compiler/temp-project.js';

afterAll(removeTempProjects);

describe("dbt's set_sql_header", () => {
  it('sets the sql_header config; building such a model is a clear error, not a silent drop', async () => {
    const project = await tempProject({
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ":memory:"\n      schema: main\n      threads: 1\n',
      'models/with_header.sql': "{% call set_sql_header(config) %}set threads = 1;{% endcall %}\nselect 1 as id",
    });
    const adapter = await openAdapter(project.target);
    try {
      const compiler = await compileProject(project, { adapter });
      const node = compiler.manifest.nodes['model.shop.with_header']!;
      expect(String((node.config as { sql_header?: unknown }).sql_header)).toBe('set threads = 1;');
      const results = await runBuild({ compiler, adapter, select: [node.unique_id], command: 'run', threads: 1, targetDir: join(project.root, 'target') });
      expect(results.results[0]!.status).toBe('error');
      expect(results.results[0]!.message).toMatch(/sql_header .* dailies does not run yet/);
    } finally {
      await adapter.close();
    }
  });
});
