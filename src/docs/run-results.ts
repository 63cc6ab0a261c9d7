/** The last results per node, read from `target/run_results.json` (dbt's shape) when there is one. */
import fs from 'node:fs';
import path from 'node:path';
import { DailiesError } from '../errors.js';
import type { NodeResultSummary } from './site-types.js';

export interface LastResults {
  /** The file's text, to publish as it is; null without a file. */
  raw: string | null;
  generatedAt: string | null;
  byNode: Record<string, NodeResultSummary>;
}

interface ResultEntry {
  unique_id: string;
  status: string;
  message?: string | null;
  failures?: number | null;
  execution_time?: number;
  timing?: { name: string; started_at?: string; completed_at?: string }[];
}

export function readRunResults(targetDir: string): LastResults {
  const file = path.join(targetDir, 'run_results.json');
  if (!fs.existsSync(file)) return { raw: null, generatedAt: null, byNode: {} };
  const raw = fs.readFileSync(file, 'utf8');
  let parsed: { metadata?: { generated_at?: string }; results?: ResultEntry[] };
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new DailiesError('config', `${file} is not valid JSON: ${(error as Error).message}`, { place: { file }, hint: 'delete it, or run `dailies build` again' });
  }
  const byNode: Record<string, NodeResultSummary> = {};
  for (const result of parsed.results ?? []) {
    const completed = (result.timing ?? []).map((step) => step.completed_at).filter((value): value is string => typeof value === 'string').sort();
    byNode[result.unique_id] = {
      status: result.status,
      message: result.message ?? null,
      failures: result.failures ?? null,
      executionTime: result.execution_time ?? 0,
      completedAt: completed.length > 0 ? completed[completed.length - 1]! : null,
    };
  }
  return { raw, generatedAt: parsed.metadata?.generated_at ?? null, byNode };
}
