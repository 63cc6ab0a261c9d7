/**
 * dbt's groups and model access (expected values recorded from dbt-core 1.11.16 on the same
 * project): `groups:` and `group_map` in the manifest, dbt's errors for a group no `groups:` entry
 * declares and for a ref to a private model from outside its group, or to a protected model of a
 * `restrict-access` package from another package.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTempProjects, tempProject } from '../project/temp-project.js';
import { runDailies } from '../cli/run-dailies.js';

afterEach(removeTempProjects);

const GROUPS = `groups:
  - name: finance
    owner:
      name: Finance Team
      email: finance@x.com
    description: money
    config:
      meta:
        tier: 1
models:
  - name: secret
    access: private
    group: finance
  - name: fin_public
    access: public
    group: finance
    columns:
      - name: id
        data_tests: [not_null]
`;

function project(extra: Record<string, string> = {}): string {
  return tempProject({
    'proj/dbt_project.yml': 'name: ut\nprofile: ut\n',
    'proj/models/groups.yml': GROUPS,
    'proj/models/secret.sql': 'select 1 as id',
    'proj/models/fin_public.sql': "select * from {{ ref('secret') }}",
    ...extra,
  });
}

const parse = (root: string) => runDailies(path.join(root, 'proj'), ['parse', '--no-partial-parse']);

describe('groups and access', () => {
  it("writes groups and group_map as dbt does (a generic test in its model's group)", async () => {
    const root = project();
    expect((await parse(root)).code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(root, 'proj/target/manifest.json'), 'utf8'));
    expect(manifest.groups).toEqual({
      'group.ut.finance': {
        name: 'finance',
        resource_type: 'group',
        package_name: 'ut',
        path: 'groups.yml',
        original_file_path: 'models/groups.yml',
        unique_id: 'group.ut.finance',
        owner: { email: 'finance@x.com', name: 'Finance Team' },
        description: 'money',
        config: { meta: { tier: 1 } },
      },
    });
    expect(manifest.group_map).toEqual({ finance: ['model.ut.fin_public', 'model.ut.secret', 'test.ut.not_null_fin_public_id.1e79eaa100'] });
    const selected = await runDailies(path.join(root, 'proj'), ['ls', '-s', 'group:finance', '--output', 'name']);
    expect(selected.stdout.trim().split('\n').sort()).toEqual(['fin_public', 'not_null_fin_public_id', 'secret']);
  });

  it("refuses a ref to a private model from outside its group, and a group nobody declared, in dbt's words", async () => {
    const outside = project({ 'proj/models/outsider.sql': "select 1 as x\nunion all select * from {{ ref('secret') }}" });
    const refused = await parse(outside);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      "models/outsider.sql:2: Node model.ut.outsider attempted to reference node model.ut.secret, which is not allowed because the referenced node is private to the 'finance' group.",
    );
    const undeclared = project();
    writeFileSync(path.join(undeclared, 'proj/models/groups.yml'), GROUPS.replace('    group: finance\n  - name: fin_public', '    group: nope\n  - name: fin_public'));
    const invalid = await parse(undeclared);
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain("models/secret.sql:1: Invalid group 'nope', expected one of ['finance']");
  });

  it('refuses a ref to a protected model of a restrict-access package from another package', async () => {
    const root = project({
      'proj/packages.yml': 'packages:\n  - local: ../vendor\n',
      'proj/models/uses_vendor.sql': "select * from {{ ref('vendor', 'inner_model') }}",
      'vendor/dbt_project.yml': 'name: vendor\nrestrict-access: true\n',
      'vendor/models/inner_model.sql': 'select 1 as id',
    });
    const refused = await parse(root);
    expect(refused.stderr).toContain(
      "Node model.ut.uses_vendor attempted to reference node model.vendor.inner_model, which is not allowed because the referenced node is protected to the 'vendor' package.",
    );
    writeFileSync(path.join(root, 'vendor/dbt_project.yml'), 'name: vendor\n');
    expect((await parse(root)).code).toBe(0);
  });
});
