/**
 * The data diff of each model, in a collapsible section: schema changes, counts, per-column
 * change counts and sample rows before/after. Detail is reduced when the report must shrink.
 */
import type { Row } from '../../warehouse/adapter.js';
import type { KeyedDiff, ModelDiff, Review } from '../types.js';
import { cell, code, html, text } from './escape.js';
import { count, plural, seconds, signed } from './format.js';
import { byImpact, rowsChanged, schemaChanged } from './impact.js';
import { masker, type Masker } from './masking.js';
import { rowsTable } from './tests-section.js';

export interface DiffDetail {
  /** `full`: a section per model; `summary`: one line per model; `none`: left out. */
  level: 'full' | 'summary' | 'none';
  samples: boolean;
  /** Per-column change counts and schema entries listed per model (0: none). */
  columns: number;
}

function summaryWords(diff: ModelDiff): string {
  if (diff.error) return `diff failed: ${diff.error}`;
  if (!diff.prodExists) return `new model, ${plural(diff.rowCounts.pr, 'row')}`;
  const parts = [`${count(diff.rowCounts.prod ?? 0)} → ${count(diff.rowCounts.pr)} rows`];
  if (diff.identical) {
    parts.push('identical rows (whole-table fingerprint)');
  } else if (diff.keyed) {
    const { added, removed, changed } = diff.keyed;
    if (added + removed + changed === 0) parts.push('no row changed');
    else parts.push(`${count(changed)} changed`, `${count(added)} added`, `${count(removed)} removed`);
  } else if (diff.keyless) {
    if (diff.keyless.onlyInPr + diff.keyless.onlyInProd === 0) parts.push('same rows');
    else parts.push(`${count(diff.keyless.onlyInPr)} only in PR`, `${count(diff.keyless.onlyInProd)} only in production`);
  }
  const schema = diff.schema.added.length + diff.schema.removed.length + diff.schema.retyped.length;
  if (schema > 0) parts.push(plural(schema, 'schema change'));
  return parts.join(' · ');
}

function schemaLines(diff: ModelDiff, max: number): string[] {
  const entries = [
    ...diff.schema.added.map((column) => `added ${code(column.name)} ${code(column.dataType)}`),
    ...diff.schema.removed.map((column) => `removed ${code(column.name)} ${code(column.dataType)}`),
    ...diff.schema.retyped.map((column) => `retyped ${code(column.name)} ${code(column.from)} → ${code(column.to)}`),
  ];
  if (entries.length === 0) return [];
  const lines = ['**Schema changes**', '', ...entries.slice(0, max).map((entry) => `- ${entry}`)];
  if (max === 0) lines.push(`- ${plural(entries.length, 'change')} (details left out to fit)`);
  else if (entries.length > max) lines.push(`- … and ${count(entries.length - max)} more`);
  return [...lines, ''];
}

function countsTable(diff: ModelDiff): string[] {
  if (diff.keyed) {
    const k = diff.keyed;
    const lines = ['| added | removed | changed | unchanged |', '|---:|---:|---:|---:|', `| ${count(k.added)} | ${count(k.removed)} | ${count(k.changed)} | ${count(k.unchanged)} |`, ''];
    if (k.duplicateKeys.prod + k.duplicateKeys.pr > 0) {
      lines.push(`⚠️ Duplicate keys: ${plural(k.duplicateKeys.prod, 'row')} in production and ${plural(k.duplicateKeys.pr, 'row')} in the PR share a key with another row, so the counts by key are approximate.`, '');
    }
    return lines;
  }
  if (diff.keyless) {
    return [
      'No primary key (add a `unique` test to compare row by row); rows compared as wholes, with multiplicity, on the columns both sides share:',
      '',
      '| only in production | only in PR |',
      '|---:|---:|',
      `| ${count(diff.keyless.onlyInProd)} | ${count(diff.keyless.onlyInPr)} |`,
      '',
    ];
  }
  return [];
}

function columnLines(keyed: KeyedDiff, max: number): string[] {
  const changed = Object.entries(keyed.columnChanges).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (changed.length === 0 || max === 0) return [];
  const lines = ['**Changed values per column**', '', '| column | rows changed |', '|---|---:|'];
  for (const [column, n] of changed.slice(0, max)) lines.push(`| ${code(column)} | ${count(n)} |`);
  if (changed.length > max) lines.push(`| … ${count(changed.length - max)} more | |`);
  return [...lines, ''];
}

function changedRowsTable(keyed: KeyedDiff, mask: Masker, pii: string[] | undefined): string[] {
  const lines = ['| key | column | before | after |', '|---|---|---|---|'];
  for (const change of keyed.samples.changed) {
    const key = Object.entries(change.key).map(([name, value]) => `${text(name)}=${cell(mask.value(name, value, pii), 40)}`).join(', ');
    const columns = Object.keys(change.after).filter((column) => column in change.before && !sameValue(change.before[column], change.after[column]));
    for (const column of columns.slice(0, 6)) lines.push(`| ${key} | ${code(column)} | ${cell(mask.value(column, change.before[column], pii))} | ${cell(mask.value(column, change.after[column], pii))} |`);
    if (columns.length > 6) lines.push(`| ${key} | … ${columns.length - 6} more | | |`);
  }
  return lines.length > 2 ? ['**Changed rows** (columns that differ)', '', ...lines, ''] : [];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  return String(a) === String(b);
}

function sampleLines(keyed: KeyedDiff, mask: Masker, pii: string[] | undefined): string[] {
  const block = (title: string, rows: Row[]) => (rows.length > 0 ? [`**${title}**`, '', rowsTable(rows.map((row) => mask.row(row, pii)))] : []);
  const lines = [...block('Added rows', keyed.samples.added), ...block('Removed rows', keyed.samples.removed), ...changedRowsTable(keyed, mask, pii)];
  if (lines.length > 0 && mask.mode === 'masked') lines.push('_Values of personal-data columns are shown as hashes (`sample-rows: masked`)._', '');
  return lines;
}

function modelSection(diff: ModelDiff, detail: DiffDetail, mask: Masker): string {
  const open = diff.error ? ' open' : '';
  const lines = [`<details${open}><summary><b>${html(diff.name)}</b> — ${html(summaryWords(diff))}</summary>`, ''];
  if (diff.error) lines.push(`⚠️ The diff failed: ${text(diff.error)}`, '');
  const key = diff.primaryKey ? `key ${diff.primaryKey.map(code).join(', ')} (${text(diff.primaryKeySource ?? 'given')})` : diff.primaryKeySource ? text(diff.primaryKeySource) : 'no primary key';
  lines.push(`${code(diff.prRelation)} vs ${diff.prodExists ? code(diff.prodRelation) : '_nothing in production_'} · ${key} · ${seconds(diff.seconds)}`, '');
  if (diff.prodExists && diff.rowCounts.prod !== null) lines.push(`Rows: ${count(diff.rowCounts.prod)} → ${count(diff.rowCounts.pr)} (${signed(diff.rowCounts.pr - diff.rowCounts.prod)})`, '');
  lines.push(...schemaLines(diff, detail.columns), ...countsTable(diff));
  if (diff.keyed) {
    lines.push(...columnLines(diff.keyed, detail.columns));
    if (detail.samples && mask.mode !== 'off') lines.push(...sampleLines(diff.keyed, mask, diff.piiColumns));
  }
  lines.push('</details>', '');
  return lines.join('\n');
}

/** The diffs, most important first (failures, breaking, most rows changed …). */
function ordered(review: Review): ModelDiff[] {
  const byId = new Map(review.diffs.map((diff) => [diff.uniqueId, diff]));
  return byImpact(review, [...byId.keys()]).map((ranked) => byId.get(ranked.uniqueId)!);
}

/** Worth a section of its own: the data or columns differ, the model is new, or the diff failed. */
function noteworthy(diff: ModelDiff): boolean {
  return !!diff.error || !diff.prodExists || rowsChanged(diff) > 0 || schemaChanged(diff);
}

/** One line for the models whose data is the same as production's (named when there are few). */
function sameLine(same: ModelDiff[]): string {
  if (same.length === 0) return '';
  const names = same.length <= 30 ? `: ${same.map((diff) => code(diff.name)).join(', ')}` : '';
  return `${plural(same.length, 'other model')} built with the same rows and columns as production${names}.\n\n`;
}

export function diffSection(review: Review, detail: DiffDetail, mask: Masker = masker('on')): string {
  if (review.diffs.length === 0 || detail.level === 'none') return '';
  const header = `### Data diff (PR vs production)\n\n`;
  const diffs = ordered(review);
  const shown = diffs.filter(noteworthy);
  const same = diffs.filter((diff) => !noteworthy(diff));
  if (detail.level === 'summary') {
    const lines = shown.map((diff) => `- ${code(diff.name)}: ${text(summaryWords(diff))}`).join('\n');
    return `${header}${lines ? `${lines}\n\n` : ''}${sameLine(same)}`;
  }
  return `${header}${shown.map((diff) => modelSection(diff, detail, mask)).join('\n')}${shown.length > 0 ? '\n' : ''}${sameLine(same)}`;
}
