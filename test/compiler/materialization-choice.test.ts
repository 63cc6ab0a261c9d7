/**
 * Which materialization a model gets, as dbt-core 1.11's find_materialization_macro_by_name
 * chooses (checked against dbt 1.11.16 + dbt-duckdb 1.11.1: a root `table, default` block loses
 * to dbt-duckdb's `table` for duckdb; a root `view, default` wins over dbt's; a package's `view`
 * is passed over unless the flag is false; a duckdb block beats a default one).
 */
import { describe, expect, it } from 'vitest';
import { chooseMaterialization } from '../../src/compiler/materialization-choice.js';
import type { MacroInfo } from '../../src/compiler/jinja/types.js';

function block(packageName: string, name: string, adapter: string): MacroInfo {
  const macroName = `materialization_${name}_${adapter}`;
  return { uniqueId: `macro.${packageName}.${macroName}`, name: macroName, packageName, file: null, line: 1, sql: '', checksum: '', argNames: [], isTest: false, materialization: { name, adapter, supportedLanguages: ['sql'] } };
}

const choose = (name: string, macros: MacroInfo[], adapterType = 'duckdb', flag?: boolean) =>
  chooseMaterialization({ name, adapterType, rootPackage: 'proj', macros, ...(flag === undefined ? {} : { requireExplicitPackageOverrides: flag }) });

describe('choosing a materialization', () => {
  it('takes the adapter-specific block over the default one', () => {
    expect(choose('my_mat', [block('proj', 'my_mat', 'default'), block('proj', 'my_mat', 'duckdb')])).toMatchObject({ kind: 'macro', macro: { name: 'materialization_my_mat_duckdb' } });
    expect(choose('my_mat', [block('proj', 'my_mat', 'default'), block('proj', 'my_mat', 'duckdb')], 'snowflake')).toMatchObject({ kind: 'macro', macro: { name: 'materialization_my_mat_default' } });
  });

  it('takes the root project over a package at the same specificity, and a package block for a new name', () => {
    expect(choose('my_mat', [block('pkg', 'my_mat', 'default'), block('proj', 'my_mat', 'default')])).toMatchObject({ macro: { packageName: 'proj' } });
    expect(choose('pkg_mat', [block('pkg', 'pkg_mat', 'default')])).toMatchObject({ kind: 'macro', macro: { packageName: 'pkg' }, overridesCore: false });
  });

  it("keeps dbt's own materialization over a package's, unless the flag is off", () => {
    expect(choose('view', [block('pkg', 'view', 'default')])).toEqual({ kind: 'core', name: 'view' });
    expect(choose('view', [block('pkg', 'view', 'default')], 'duckdb', false)).toMatchObject({ kind: 'macro', macro: { packageName: 'pkg' }, overridesCore: true });
  });

  it('lets the root project override a built-in at the same specificity or a more specific one', () => {
    expect(choose('view', [block('proj', 'view', 'default')])).toMatchObject({ kind: 'macro', overridesCore: true });
    expect(choose('table', [block('proj', 'table', 'default')])).toEqual({ kind: 'core', name: 'table' });
    expect(choose('table', [block('proj', 'table', 'duckdb')])).toMatchObject({ kind: 'macro', macro: { name: 'materialization_table_duckdb' } });
    expect(choose('view', [block('proj', 'view', 'default')], 'snowflake')).toEqual({ kind: 'core', name: 'view' });
  });

  it('knows nothing of an undeclared name, and refuses two packages declaring the same block', () => {
    expect(choose('nope', [])).toBeNull();
    expect(() => choose('twin', [block('a', 'twin', 'default'), block('b', 'twin', 'default')])).toThrow(/materialization 'twin' for 'default' is defined twice/);
  });
});
