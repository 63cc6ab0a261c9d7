/**
 * `target/run_results.json` in dbt's shape (run-results v6), so tools that read dbt artifacts
 * can read ours.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeResult, RunResults } from './types.js';
import { artifactText } from '../redact/artifacts.js';

export const RUN_RESULTS_SCHEMA = 'https://schemas.getdbt.com/dbt/run-results/v6.json';

/** True when any node ended in error, fail or partial success, or a project hook failed (the CLI exits non-zero, as dbt does). */
export function runFailed(results: RunResults): boolean {
  return results.hookErrors.length > 0 || results.results.some((result) => result.status === 'error' || result.status === 'fail' || result.status === 'partial success');
}

export function runResultsArtifact(results: RunResults, dbtVersion = '1.9.0'): Record<string, unknown> {
  return {
    metadata: {
      dbt_schema_version: RUN_RESULTS_SCHEMA,
      dbt_version: dbtVersion,
      generated_at: results.generated_at,
      invocation_id: results.invocation_id,
      env: {},
    },
    results: results.results.map(resultEntry),
    elapsed_time: results.elapsed_time,
    args: results.args,
  };
}

function resultEntry(result: NodeResult): Record<string, unknown> {
  return {
    status: result.status,
    timing: result.timing,
    thread_id: result.thread_id,
    execution_time: result.execution_time,
    adapter_response: result.status === 'skipped' ? {} : { _message: result.message, ...(result.rows_affected !== undefined ? { rows_affected: result.rows_affected } : {}) },
    message: result.status === 'success' || result.status === 'pass' ? result.message : result.message || null,
    failures: result.failures,
    unique_id: result.unique_id,
    compiled: result.compiled_code !== undefined,
    compiled_code: result.compiled_code ?? null,
    relation_name: result.relation_name,
    batch_results: result.batch_results ?? null,
  };
}

/** Writes `<targetDir>/run_results.json`; returns its path. */
export async function writeRunResults(results: RunResults, targetDir: string): Promise<string> {
  await mkdir(targetDir, { recursive: true });
  const path = join(targetDir, 'run_results.json');
  await writeFile(path, artifactText(`${JSON.stringify(runResultsArtifact(results), null, 2)}\n`), 'utf8');
  return path;
}
