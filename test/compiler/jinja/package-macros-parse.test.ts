/**
 * Every macro file of the five public packages kept in ../shared/dbt-packages (dbt_utils,
 * dbt_date, audit_helper, dbt_expectations, codegen, unmodified) parses with our Jinja: the
 * file is read for its macros and compiled, without rendering anything.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseMacroFile } from '../../../src/compiler/jinja/macro-files.js';
import { DoExtension, SnapshotExtension } from '../../../src/compiler/jinja/tag-extensions.js';
import { compileTemplate } from '../../../src/compiler/jinja/template-compiler.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const packagesDir = join(repoRoot, '../shared/dbt-packages');
const PACKAGES = ['dbt_utils', 'dbt_date', 'audit_helper', 'dbt_expectations', 'codegen'];
const target = { extensionsList: [new DoExtension(), new SnapshotExtension()], asyncFilters: [], opts: {} };

function sqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sqlFiles(path) : name.endsWith('.sql') ? [path] : [];
    });
}

/** The parse error of one macro file, or null. */
function parseError(path: string): string | null {
  const name = relative(packagesDir, path);
  try {
    const parsed = parseMacroFile(readFileSync(path, 'utf8'), name);
    compileTemplate(parsed.template, name, name, target);
    return null;
  } catch (error) {
    const line = (error as { lineno?: number }).lineno;
    return `${name}${line ? `:${line}` : ''}: ${(error as Error).message}`;
  }
}

describe.skipIf(!existsSync(packagesDir))(`the macro files of the five packages in ${packagesDir} parse`, () => {
  test.each(PACKAGES)('%s', (pkg) => {
    const files = sqlFiles(join(packagesDir, pkg, 'macros'));
    expect(files.length, `no macro files under ${pkg}/macros`).toBeGreaterThan(0);
    expect(files.map(parseError).filter((error) => error !== null)).toEqual([]);
  });
});

test.skipIf(existsSync(packagesDir))('the package macro parse test needs ../shared/dbt-packages (absent here: skipped)', () => {
  expect(existsSync(packagesDir)).toBe(false);
});
