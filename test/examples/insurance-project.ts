/**
 * Test helper for the insurance example: a copy of examples/insurance in a temporary folder, and
 * small readers for its landing-zone CSVs (parsed by DuckDB as text, every figure computed here).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Adapter } from '../../src/warehouse/adapter.js';

export const insuranceExample = path.join(import.meta.dirname, '..', '..', 'examples', 'insurance');
const PROJECT_PARTS = ['dbt_project.yml', 'models', 'seeds', 'snapshots', 'macros', 'data-tests', 'analyses'];

export interface ProjectCopy {
  dir: string;
  dispose(): void;
}

export function copyInsuranceProject(prefix: string): ProjectCopy {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const part of PROJECT_PARTS) cpSync(path.join(insuranceExample, part), path.join(dir, part), { recursive: true });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export type CsvRow = Record<string, string>;

/** Every row of every file of one landing-zone table, as text, in file then line order, duplicates kept. */
export async function landingRows(adapter: Adapter, zone: string, table: string): Promise<CsvRow[]> {
  const glob = path.join(zone, table, '*.csv').replaceAll("'", "''");
  const { rows } = await adapter.execute(
    `select * exclude (filename) from read_csv('${glob}', all_varchar = true, header = true, filename = true) order by filename`,
  );
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value === null ? '' : String(value)])));
}

/** Keeps the last row for each key (the feed's newest copy wins). */
export function latestBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T> {
  const byKey = new Map<string, T>();
  for (const row of rows) byKey.set(key(row), row);
  return byKey;
}

export const epochDay = (text: string): number => Math.floor(Date.parse(`${text.slice(0, 10)}T00:00:00Z`) / 86_400_000);
export const epochSeconds = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`) / 1000;
