/**
 * A copy of test/fixtures/compat/project, with the seed over 1 MiB that the recorded dbt manifest
 * holds (`seeds/big_ratings.csv`: too big to keep in the repository, so written here; dbt records
 * only its path, so any content of that size gives dbt's manifest).
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const compatFixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'compat');

/** Just over dbt's 1 MiB limit: `rating_id,movie_id,stars` rows. */
export function bigSeedText(): string {
  const rows = ['rating_id,movie_id,stars'];
  let size = rows[0]!.length + 1;
  for (let i = 1; size <= 1024 * 1024; i++) {
    const row = `${i},${(i % 3) + 1},${(i % 5) + 1}`;
    rows.push(row);
    size += row.length + 1;
  }
  return `${rows.join('\n')}\n`;
}

let bigSeed: string | undefined;

/** A fresh copy of the compat project in a temporary folder (the caller removes it). */
export function copyCompatProject(prefix = 'dailies-compat-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(compatFixtures, 'project'), dir, { recursive: true });
  writeFileSync(join(dir, 'seeds', 'big_ratings.csv'), (bigSeed ??= bigSeedText()));
  return dir;
}
