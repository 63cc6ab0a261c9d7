/**
 * dbt's `quoting:` can make two nodes name one relation (a quoted `ORDERS` and an unquoted
 * `orders` on Snowflake) or two relations that differ only by case (`"Orders"` and `"orders"`),
 * which dailies' case-insensitive lookups, DuckDB and most tools cannot tell apart: either is an
 * error naming both nodes. Quoted database and schema names that Snowflake would store otherwise
 * than upper-cased are refused too: dailies creates and lists schemas by their unquoted names.
 */
import { DailiesError } from '../errors.js';
import { quotingOf } from '../graph/node-relation.js';
import type { CompileState, NodeDraft } from './compile-state.js';

export function checkQuotedRelations(state: CompileState, drafts: NodeDraft[]): void {
  const seen = new Map<string, NodeDraft>();
  const anyQuoted = drafts.some((draft) => quotingOf(draft.node.config) !== undefined);
  if (!anyQuoted) return;
  for (const draft of drafts) {
    const node = draft.node;
    const quoting = quotingOf(node.config);
    if (state.dialect.type === 'snowflake' && quoting) {
      for (const part of ['database', 'schema'] as const) {
        const name = node[part];
        if (quoting[part] && name && state.dialect.normalizeIdentifier(name) !== name) {
          throw new DailiesError('config', `'${node.name}' quotes its ${part} "${name}" (quoting: {${part}: true}), which Snowflake would keep in mixed case: not supported yet`, {
            place: { file: draft.placeFile, line: draft.templateLine },
            hint: `leave ${part} quoting off, or name the ${part} in upper case`,
          });
        }
      }
    }
    if (!node.relation_name) continue;
    const key = node.relation_name.toLowerCase();
    const other = seen.get(key);
    if (!other) {
      seen.set(key, draft);
      continue;
    }
    const same = other.node.relation_name === node.relation_name;
    throw new DailiesError(
      'config',
      same
        ? `'${other.node.name}' and '${node.name}' both build ${node.relation_name} (quoting makes their names the same relation)`
        : `'${other.node.name}' builds ${other.node.relation_name} and '${node.name}' builds ${node.relation_name}: quoted names that differ only by case`,
      {
        place: { file: draft.placeFile, line: draft.templateLine },
        hint: `give one of them another alias (${other.placeFile} and ${draft.placeFile}), or change the \`quoting:\` config so their names differ beyond case`,
      },
    );
  }
}
