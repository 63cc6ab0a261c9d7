/**
 * The terminal progress display, kept pure: RunEvents in, lines of text out; the CLI prints them.
 *   `  3 of 12 OK created table main.stg_movies ........................ [OK in 0.12s]`
 */
import type { NodeResult, RunEvent, RunResults } from './types.js';

const WIDTH = 80;

export function formatEvent(event: RunEvent): string[] {
  switch (event.type) {
    case 'run-started':
      return [`Running ${event.total} node${event.total === 1 ? '' : 's'} with ${event.threads} thread${event.threads === 1 ? '' : 's'}`, ''];
    case 'hook-finished': {
      const label = `${event.status === 'success' ? 'OK' : 'ERROR'} hook ${event.hook}.${event.index}`;
      return [line(event.index, event.total, label, event.status === 'success' ? `[OK in ${seconds(event.execution_time)}]` : '[ERROR]')];
    }
    case 'node-started':
      return [];
    case 'node-finished':
      return [line(event.index, event.total, describe(event.result), badge(event.result))];
    case 'batch-finished': {
      // dbt's `Batch 1 of 3 OK created batch 2025-01-01 of main.events`, under the model's line
      const label = `Batch ${event.index} of ${event.total} ${event.status === 'success' ? 'OK created' : event.status === 'error' ? 'ERROR creating' : 'SKIP'} batch ${event.batch} of ${event.displayName}`;
      const status = event.status === 'success' ? `[OK in ${seconds(event.execution_time)}]` : event.status === 'error' ? `[ERROR in ${seconds(event.execution_time)}]` : '[SKIP]';
      return [`    ${label} ${'.'.repeat(Math.max(3, WIDTH - label.length - status.length - 6))} ${status}`];
    }
    case 'run-finished':
      return formatSummary(event.results);
  }
}

function line(index: number, total: number, text: string, status: string): string {
  const prefix = `  ${String(index).padStart(String(total).length)} of ${total} `;
  const body = `${prefix}${text} `;
  const dots = Math.max(3, WIDTH - body.length - status.length - 1);
  return `${body}${'.'.repeat(dots)} ${status}`;
}

function describe(result: NodeResult): string {
  const name = result.display_name;
  switch (result.status) {
    case 'skipped':
      return `SKIP ${result.resource_type} ${name}${result.skip_reason ? ` (${result.skip_reason})` : ''}`;
    case 'error':
      return `ERROR ${verb(result)} ${name}`;
    case 'fail':
      return `FAIL ${result.failures ?? ''} ${name}`;
    case 'warn':
      return `WARN ${result.failures ?? ''} ${name}`;
    case 'pass':
      return `PASS ${name}`;
    case 'success':
      return `OK ${verb(result)} ${name}`;
    case 'partial success':
      return `PARTIALLY ${verb(result)} ${name}`;
  }
}

function verb(result: NodeResult): string {
  switch (result.resource_type) {
    case 'seed':
      return 'loaded seed';
    case 'snapshot':
      return 'snapshotted';
    case 'test':
      return 'test';
    case 'unit_test':
      return 'unit test';
    default:
      return result.status === 'error' ? `creating ${result.kind}` : `created ${result.kind}`;
  }
}

function badge(result: NodeResult): string {
  const time = seconds(result.execution_time);
  switch (result.status) {
    case 'skipped':
      return '[SKIP]';
    case 'error':
      return `[ERROR in ${time}]`;
    case 'fail':
      return `[FAIL ${result.failures ?? ''} in ${time}]`;
    case 'warn':
      return `[WARN ${result.failures ?? ''} in ${time}]`;
    case 'pass':
      return `[PASS in ${time}]`;
    case 'success':
      return result.resource_type === 'seed' && result.rows_affected !== undefined ? `[INSERT ${result.rows_affected} in ${time}]` : `[OK in ${time}]`;
    case 'partial success':
      return `[${result.message} in ${time}]`;
  }
}

function seconds(value: number): string {
  return `${value.toFixed(2)}s`;
}

export function summaryCounts(results: RunResults): Record<'PASS' | 'WARN' | 'ERROR' | 'SKIP' | 'TOTAL', number> {
  const count = (...statuses: NodeResult['status'][]): number => results.results.filter((result) => statuses.includes(result.status)).length;
  return { PASS: count('success', 'pass'), WARN: count('warn'), ERROR: count('error', 'fail', 'partial success'), SKIP: count('skipped'), TOTAL: results.results.length };
}

/** The final summary line, then every error, failure and warning with its message. */
export function formatSummary(results: RunResults): string[] {
  const counts = summaryCounts(results);
  const lines = ['', `Finished running ${counts.TOTAL} node${counts.TOTAL === 1 ? '' : 's'} in ${seconds(results.elapsed_time)}.`];
  if (results.interrupted) lines.push('The run was interrupted: nodes not started were skipped.');
  for (const error of results.hookErrors) lines.push('', `Error in a project hook:`, `  ${error}`);
  for (const result of results.results) {
    if (result.status !== 'error' && result.status !== 'fail' && result.status !== 'warn' && result.status !== 'partial success') continue;
    const heading = result.status === 'warn' ? 'Warning in' : result.status === 'fail' ? 'Failure in' : result.status === 'partial success' ? 'Partial success of' : 'Error in';
    lines.push('', `${heading} ${result.resource_type} ${result.name} (${result.file})`);
    for (const text of result.message.split('\n')) lines.push(`  ${text}`);
    for (const error of result.batch_errors ?? []) error.split('\n').forEach((text, at) => lines.push(at === 0 ? `  batch ${text}` : `    ${text}`));
    if (result.hint) lines.push(`  hint: ${result.hint}`);
    if (result.relation_name && result.resource_type === 'test') lines.push(`  failing rows stored in ${result.relation_name}`);
  }
  lines.push('', `Done. PASS=${counts.PASS} WARN=${counts.WARN} ERROR=${counts.ERROR} SKIP=${counts.SKIP} TOTAL=${counts.TOTAL}`);
  return lines;
}

/** One event as text (lines joined), or null when the event prints nothing. */
export function formatRunEvent(event: RunEvent): string | null {
  const lines = formatEvent(event);
  return lines.length === 0 ? null : lines.join('\n');
}

/** The summary as one text block. */
export function formatRunSummary(results: RunResults): string {
  return formatSummary(results).join('\n');
}
