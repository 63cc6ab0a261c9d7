/**
 * Where dailies's built-in (`dbt` package) macro files live. They ship as .sql files in
 * `src/compiler/builtin-macros/`, which the TypeScript build does not copy, so both this module
 * under `src/` (tests) and its compiled copy under `lib/` find them from the package root. The
 * Action's bundle (dist/action.js) carries a copy in dist/builtin-macros/, beside itself.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function builtinMacrosDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  const besideBundle = join(dir, 'builtin-macros');
  if (existsSync(join(besideBundle, 'types.sql'))) return besideBundle;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('dailies: cannot find the package root (package.json) to load built-in macros from');
    dir = parent;
  }
  return join(dir, 'src', 'compiler', 'builtin-macros');
}

export interface BuiltinMacroFile {
  name: string;
  contents: string;
}

let cached: BuiltinMacroFile[] | undefined;

/** The built-in macro files, read once per process, in name order. */
export function readBuiltinMacroFiles(): BuiltinMacroFile[] {
  if (!cached) {
    const dir = builtinMacrosDir();
    cached = readdirSync(dir)
      .filter((name) => name.endsWith('.sql'))
      .sort()
      .map((name) => ({ name, contents: readFileSync(join(dir, name), 'utf8') }));
  }
  return cached;
}
