#!/usr/bin/env node
/**
 * Checks that the committed dist/ is what scripts/build-action.js builds from the sources now
 * (the actions' check-dist habit): rebuilds into a temporary folder and compares file by file.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAction, repoRoot } from './build-action.js';

/** Files under `dir`, leaving out dist/native/ (DuckDB's binding, installed there at run time and git-ignored). */
function listFiles(dir) {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
      .filter((file) => !file.split(path.sep).includes('native'))
      .sort();
  } catch {
    return [];
  }
}

const committed = path.join(repoRoot, 'dist');
const fresh = mkdtempSync(path.join(os.tmpdir(), 'dailies-dist-'));
try {
  await buildAction(fresh);
  const problems = [];
  const freshFiles = listFiles(fresh);
  const committedFiles = listFiles(committed);
  for (const file of freshFiles) {
    if (!committedFiles.includes(file)) problems.push(`missing from dist/: ${file}`);
    else if (!readFileSync(path.join(fresh, file)).equals(readFileSync(path.join(committed, file)))) problems.push(`out of date: dist/${file}`);
  }
  for (const file of committedFiles) if (!freshFiles.includes(file)) problems.push(`not built any more: dist/${file}`);
  if (problems.length > 0) {
    console.error(`dist/ does not match the sources:\n  ${problems.join('\n  ')}\nRun \`npm run build:action\` and commit dist/.`);
    process.exitCode = 1;
  } else {
    console.log('dist/ matches the sources');
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
