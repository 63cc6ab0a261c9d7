/**
 * The table of changed and downstream models, most important first (failures, breaking changes,
 * data changes by rows changed, new models, the rest): what changed and why, rows in production
 * and in the PR with rows added / removed / changed, and tests. A cap leaves out downstream
 * models whose data did not change first, and never a changed model, a failure or a data change.
 */
import type { ChangedNode, ModelDiff, Review } from '../types.js';
import { code, text } from './escape.js';
import { changeWords, count, kindWords, plural, signed } from './format.js';
import { byImpact, RANK, type Ranked } from './impact.js';
import { isFailure, isTest, nameOf } from './review-facts.js';

function reasonCell(change: ChangedNode | undefined): string {
  if (!change) return 'downstream of a change';
  const words = changeWords(change);
  if (change.reasons.includes('macros') && change.changedMacros.length > 0) {
    const macros = change.changedMacros.slice(0, 3).map(code).join(', ');
    const more = change.changedMacros.length > 3 ? ` +${change.changedMacros.length - 3}` : '';
    return words.map((word) => (word === 'macro changed' ? `macro changed: ${macros}${more}` : word)).join('; ');
  }
  return words.join('; ');
}

function rowsCell(review: Review, diff: ModelDiff | undefined, uniqueId: string): string {
  const build = review.builds.find((outcome) => outcome.uniqueId === uniqueId);
  if (build && build.status === 'error') return '❌ build failed';
  if (build && build.status === 'skipped') return 'skipped';
  if (!diff) return '—';
  if (diff.error) return '⚠️ diff failed';
  if (!diff.prodExists || diff.rowCounts.prod === null) return `new: ${count(diff.rowCounts.pr)}`;
  return `${count(diff.rowCounts.prod)} → ${count(diff.rowCounts.pr)} (${signed(diff.rowCounts.pr - diff.rowCounts.prod)})`;
}

/** Rows added / removed / changed against production (by key, or as whole rows without one). */
export function dataCell(diff: ModelDiff | undefined): string {
  if (!diff || diff.error || !diff.prodExists) return '—';
  const parts: string[] = [];
  if (diff.identical) {
    parts.push('identical (whole-table fingerprint)');
  } else if (diff.keyed) {
    const { added, removed, changed } = diff.keyed;
    if (added + removed + changed === 0) parts.push('no row changed');
    else {
      if (changed > 0) parts.push(`**${count(changed)} changed**`);
      if (added > 0) parts.push(`${count(added)} added`);
      if (removed > 0) parts.push(`${count(removed)} removed`);
    }
  } else if (diff.keyless) {
    const { onlyInPr, onlyInProd } = diff.keyless;
    if (onlyInPr + onlyInProd === 0) parts.push('same rows');
    else parts.push(`**${count(onlyInPr)} only in PR**`, `${count(onlyInProd)} only in prod`);
  }
  const schema = diff.schema.added.length + diff.schema.removed.length + diff.schema.retyped.length;
  if (schema > 0) parts.push(plural(schema, 'column change'));
  return parts.join(' · ') || '—';
}

function testsCell(review: Review, uniqueId: string): string {
  const build = review.builds.find((outcome) => outcome.uniqueId === uniqueId);
  const tests = review.builds.filter((outcome) => isTest(outcome) && outcome.attachedNode === uniqueId);
  if (build?.status === 'error' || build?.status === 'skipped') return tests.length > 0 ? `not run (${count(tests.length)})` : '—';
  if (tests.length === 0) return '—';
  const failed = tests.filter(isFailure).length;
  const warned = tests.filter((test) => test.status === 'warn').length;
  const skipped = tests.filter((test) => test.status === 'skipped').length;
  const passed = tests.length - failed - warned - skipped;
  const parts: string[] = [];
  if (failed > 0) parts.push(`✗ ${count(failed)} failed`);
  if (warned > 0) parts.push(`⚠ ${count(warned)} warned`);
  if (passed > 0) parts.push(`✓ ${count(passed)}`);
  if (skipped > 0) parts.push(`${count(skipped)} skipped`);
  return parts.join(' ');
}

/** Changed nodes (tests left out) and the models built downstream of them, most important first. */
export function tableRows(review: Review): Ranked[] {
  const ids = review.changes.filter((change) => change.resourceType !== 'test').map((change) => change.uniqueId);
  const listed = new Set(ids);
  for (const id of review.impacted) {
    if (listed.has(id) || id.startsWith('test.')) continue;
    listed.add(id);
    ids.push(id);
  }
  return byImpact(review, ids);
}

/**
 * `maxRows` bounds the rows drawn; rows ranked above `modified` (failures, breaking, data changes,
 * new models) and changed models are always drawn, downstream rows without a data change go first.
 */
export function modelsTable(review: Review, maxRows: number): string {
  const rows = tableRows(review);
  if (rows.length === 0) return '_No models changed._\n';
  const changes = new Map(review.changes.map((change) => [change.uniqueId, change]));
  const diffs = new Map(review.diffs.map((diff) => [diff.uniqueId, diff]));
  const breaking = new Set(review.lineage.breaking.map((change) => change.uniqueId));
  const keep = (row: Ranked) => row.rank < RANK.downstream || changes.has(row.uniqueId);
  let budget = Math.max(0, maxRows - rows.filter(keep).length);
  const shown = rows.filter((row) => keep(row) || budget-- > 0);
  const lines = ['| Model | Change | Rows prod → PR | Data vs production | Tests |', '|---|---|---:|---|---|'];
  for (const row of shown) {
    const change = changes.get(row.uniqueId);
    const flag = breaking.has(row.uniqueId) ? ' ⚠️ **breaking**' : '';
    const kind = change && change.resourceType !== 'model' ? ` (${text(kindWords(change.resourceType)[0])})` : '';
    const diff = diffs.get(row.uniqueId);
    lines.push(`| ${code(nameOf(review, row.uniqueId))}${kind}${flag} | ${reasonCell(change)} | ${rowsCell(review, diff, row.uniqueId)} | ${dataCell(diff)} | ${testsCell(review, row.uniqueId)} |`);
  }
  const hidden = rows.length - shown.length;
  if (hidden > 0) lines.push(`| … ${plural(hidden, 'more downstream model')} | rebuilt, no data change | | | |`);
  return `${lines.join('\n')}\n`;
}
