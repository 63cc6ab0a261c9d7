/**
 * A macro's depends_on.macros resolved as dbt-core resolves the names its text calls: the macro's own
 * package first, then the root project, the other packages and dbt's global project; a literal
 * adapter.dispatch to what dbt's parse dispatches to (a `dispatch:` search order, the root project
 * before the namespace, `dbt` namespace included). The expected lists are what dbt-core 1.11.16 +
 * dbt-duckdb 1.11.1 wrote (`dbt parse`) for the same two projects.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { compareManifests } from '../../src/graph/index.js';
import type { Manifest } from '../../src/graph/types.js';
import { loadProject } from '../../src/project/index.js';

const FILES: Record<string, string> = {
  'lib/dbt_project.yml': "name: lib\nversion: '1.0'\nconfig-version: 2\n",
  'lib/macros/lib.sql': `{% macro helper() %}lib{% endmacro %}
{% macro shared() %}lib{% endmacro %}
{% macro uses_helper() %}{{ helper() }}{{ only_root() }}{{ shared() }}{% endmacro %}
{% macro lib_dispatch() %}{{ return(adapter.dispatch('lib_dispatch', 'lib')()) }}{% endmacro %}
{% macro default__lib_dispatch() %}lib{% endmacro %}
{% macro self_call() %}{{ lib.self_call() if false }}{{ lib.helper() }}{{ dbt.concat(['a']) }}{{ concat(['b']) }}{% endmacro %}
`,
  'proj/dbt_project.yml': "name: proj\nversion: '1.0'\nprofile: proj\nconfig-version: 2\ndispatch:\n  - macro_namespace: lib\n    search_order: ['proj', 'lib']\n",
  'proj/profiles.yml': 'proj:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: proj.duckdb\n      schema: main\n',
  'proj/packages.yml': 'packages:\n  - local: ../lib\n',
  'proj/macros/proj.sql': `{% macro shared() %}root{% endmacro %}
{% macro only_root() %}root{% endmacro %}
{% macro default__lib_dispatch() %}root{% endmacro %}
{% macro default__current_timestamp() %}now(){% endmacro %}
{% macro upper() %}u{% endmacro %}
{% macro concat(fields) %}{{ fields | join(' || ') }}{% endmacro %}
{% macro caller_of_all(x) %}{{ helper() }}{{ shared() }}{{ x.upper() }}{{ adapter.dispatch('current_timestamp', 'dbt')() }}{{ adapter.dispatch('lib_dispatch', 'lib')() }}{{ adapter.dispatch('type_string')() }}{{ concat([]) }}{{ dbt.concat([]) }}{{ not_defined_anywhere() }}{% endmacro %}
`,
  'proj/models/m.sql': 'select 1 as x\n',
  // a macro passed as a value: dbt's reading of the text finds no call of it (dbt would list [] too)
  'proj/macros/by_value.sql': '{% macro by_value() %}{% set f = only_root %}{{ f() }}{% endmacro %}\n',
  'proj/models/uses_by_value.sql': "select '{{ by_value() }}' as y\n",
};

/** Recorded from dbt-core 1.11.16 (dbt-duckdb 1.11.1). */
const DBT_DEPENDS_ON: Record<string, string[]> = {
  'macro.proj.caller_of_all': [
    'macro.lib.helper', 'macro.proj.shared', 'macro.proj.upper', 'macro.dbt.current_timestamp', 'macro.proj.default__current_timestamp', 'macro.lib.lib_dispatch',
    'macro.proj.default__lib_dispatch', 'macro.dbt.type_string', 'macro.dbt.default__type_string', 'macro.proj.concat', 'macro.dbt.concat',
  ],
  'macro.lib.uses_helper': ['macro.lib.helper', 'macro.proj.only_root', 'macro.lib.shared'],
  'macro.lib.lib_dispatch': ['macro.proj.default__lib_dispatch'],
  'macro.lib.self_call': ['macro.lib.self_call', 'macro.lib.helper', 'macro.dbt.concat', 'macro.proj.concat'],
  'macro.proj.shared': [],
  'macro.lib.helper': [],
};

let root = '';
let manifest: Manifest;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dailies-macro-deps-'));
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  const projectDir = join(root, 'proj');
  manifest = (await compileProject(await loadProject({ projectDir, profilesDir: projectDir, env: {} }))).manifest;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a macro's depends_on.macros", () => {
  it.each(Object.keys(DBT_DEPENDS_ON))('%s is what dbt lists', (id) => {
    expect(manifest.macros[id]!.depends_on.macros).toEqual(DBT_DEPENDS_ON[id]);
  });

  it('keeps the calls a render made beyond them apart, and state comparison names such a macro when it changes', async () => {
    expect(manifest.macros['macro.proj.by_value']!.depends_on.macros).toEqual([]);
    expect(manifest.macros['macro.proj.by_value']!.dailies.calls).toEqual(['macro.proj.only_root']);
    expect(Object.values(manifest.macros).filter((macro) => macro.dailies.calls !== undefined).map((macro) => macro.unique_id)).toEqual(['macro.proj.by_value']);
    const projectDir = join(root, 'proj');
    writeFileSync(join(projectDir, 'macros', 'proj.sql'), FILES['proj/macros/proj.sql']!.replace('{% macro only_root() %}root', '{% macro only_root() %}root2'));
    const edited = (await compileProject(await loadProject({ projectDir, profilesDir: projectDir, env: {} }))).manifest;
    const change = compareManifests(manifest, edited).get('model.proj.uses_by_value');
    expect(change).toEqual({ status: 'modified', reasons: ['macros'], changedMacros: ['macro.proj.only_root'] });
  });
});
