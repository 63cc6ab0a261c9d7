/**
 * The model configs that shape its writes without changing its rows, read and checked as dbt
 * reads them: `incremental_predicates` (or the older `predicates`) and `sql_header`.
 */
import { DailiesError } from '../../errors.js';
import type { ManifestNode } from '../../graph/types.js';
import type { WriteOptions } from '../../warehouse/adapter.js';

/** dbt's `config.get('predicates') or config.get('incremental_predicates')`: a list of SQL conditions. */
export function incrementalPredicates(node: ManifestNode): string[] {
  // dbt: `config.get('predicates') or config.get('incremental_predicates')` (an empty list falls through)
  const older = node.config.predicates;
  const useOlder = older !== undefined && older !== null && !(Array.isArray(older) && older.length === 0);
  const raw = useOlder ? older : node.config.incremental_predicates;
  const key = useOlder ? 'predicates' : 'incremental_predicates';
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((predicate) => typeof predicate !== 'string' || predicate.trim() === '')) {
    throw new DailiesError('config', `${key} of model '${node.name}' must be a list of SQL conditions, not ${JSON.stringify(raw)}`, {
      place: node.dailies.place,
      hint: `write e.g. ${key}=["DBT_INTERNAL_DEST.updated_at > dateadd(day, -7, current_date)"] (DBT_INTERNAL_DEST is the table, DBT_INTERNAL_SOURCE the new rows)`,
    });
  }
  return raw.map((predicate: string) => predicate.trim());
}

/** The node's `sql_header` (set by `{% call set_sql_header(config) %}` or the config), or undefined. */
export function sqlHeader(node: ManifestNode): string | undefined {
  const value = node.config.sql_header;
  if (value === undefined || value === null) return undefined;
  // set_sql_header stores the call block's output: Jinja markup (a string-like value)
  const raw = isMarkup(value) ? value.val : value;
  if (typeof raw !== 'string') {
    throw new DailiesError('config', `sql_header of '${node.name}' must be SQL text, not ${JSON.stringify(raw)}`, {
      place: node.dailies.place,
      hint: "write sql_header as a string of statements, or use {% call set_sql_header(config) %}…{% endcall %} in the model",
    });
  }
  return raw.trim() === '' ? undefined : raw;
}

function isMarkup(value: unknown): value is { val: string } {
  return typeof value === 'object' && value !== null && typeof (value as { val?: unknown }).val === 'string';
}

/** Both, for the adapter's write methods. */
export function writeOptions(node: ManifestNode): WriteOptions {
  const predicates = incrementalPredicates(node);
  const header = sqlHeader(node);
  return { ...(predicates.length > 0 ? { predicates } : {}), ...(header ? { sqlHeader: header } : {}) };
}
