/**
 * Unified diffs of compiled SQL, base → head, for the changed models, snapshots and tests.
 * Both sides are compiled against production names, so only real edits show.
 */
import { createTwoFilesPatch } from 'diff';
import type { Manifest } from '../graph/types.js';
import type { ChangedNode } from './types.js';

const WITH_SQL = new Set(['model', 'snapshot', 'test', 'analysis']);

export function compiledSqlDiffs(base: Manifest, head: Manifest, changes: ChangedNode[]): Record<string, string> {
  const diffs: Record<string, string> = {};
  for (const change of changes) {
    if (!WITH_SQL.has(change.resourceType)) continue;
    const before = base.nodes[change.uniqueId];
    const after = head.nodes[change.uniqueId];
    const beforeSql = sqlOf(before);
    const afterSql = sqlOf(after);
    if (beforeSql === afterSql) continue;
    const file = after?.original_file_path ?? before?.original_file_path ?? change.name;
    diffs[change.uniqueId] = createTwoFilesPatch(`a/${file}`, `b/${file}`, withNewline(beforeSql), withNewline(afterSql), undefined, undefined, { context: 3 });
  }
  return diffs;
}

function sqlOf(node: Manifest['nodes'][string] | undefined): string {
  if (!node) return '';
  return node.compiled_code ?? node.raw_code;
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
