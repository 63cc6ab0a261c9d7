/**
 * dbt's event-time filter (dbt-core 1.11, `resolve_event_time_filter`): while a batch of a
 * microbatch model renders, `ref()`/`source()` of a node that configures `event_time` prints as
 * `(select * from <relation> where <event_time> >= '<start>' and <event_time> < '<end>')` (no
 * alias: dbt-duckdb and dbt-snowflake require none); nodes without `event_time` are not filtered,
 * and `.render()` stays the bare relation, as in dbt. The batch's `model` carries `batch` and the
 * legacy `config.__dbt_internal_microbatch_event_time_start/_end` (dbt-snowflake's macro reads them).
 */
import type { ColumnInfo, ManifestNode } from '../graph/types.js';
import type { MicrobatchBatch } from './api.js';
import type { CompileState, NodeDraft } from './compile-state.js';
import { PyDatetime } from './jinja/modules-datetime.js';
import type { TemplateRelation } from './relations.js';

function isMicrobatchModel(node: ManifestNode): boolean {
  return node.resource_type === 'model' && node.config.materialized === 'incremental' && String(node.config.incremental_strategy ?? '').toLowerCase() === 'microbatch';
}

/** Python's `str()` of the aware UTC datetime dbt puts in the filter: `2024-09-17 00:00:00+00:00`. */
function utcText(moment: Date): string {
  return new PyDatetime(moment, false, 0).toString();
}

/**
 * The event time column of `uniqueId` as dbt writes it in the filter: bare, or quoted when the
 * column's `quote: true` (or, for a column not listed, the source's `quoting: {column: true}`).
 */
function eventTimeField(state: CompileState, uniqueId: string): string | null {
  const target = (state.manifest.nodes[uniqueId] ?? state.manifest.sources[uniqueId]) as { config?: Record<string, unknown>; columns?: Record<string, ColumnInfo>; quoting?: Record<string, unknown> } | undefined;
  const eventTime = target?.config?.event_time;
  if (typeof eventTime !== 'string' || eventTime === '') return null;
  const column = Object.values(target?.columns ?? {}).find((candidate) => candidate.name === eventTime);
  const quoted = column && column.quote !== null && column.quote !== undefined ? column.quote : target?.quoting?.column === true;
  return quoted ? state.dialect.quoteIdentifier(eventTime) : eventTime;
}

/** `relation` filtered to the batch when `draft` is a microbatch model rendering `batch` and `uniqueId` configures event_time. */
export function filteredForBatch(state: CompileState, draft: NodeDraft, batch: MicrobatchBatch | undefined, uniqueId: string, relation: TemplateRelation): TemplateRelation {
  if (!batch || !isMicrobatchModel(draft.node) || relation.is_cte) return relation;
  const field = eventTimeField(state, uniqueId);
  if (field === null) return relation;
  return relation.withInputFilter(`${field} >= '${utcText(batch.start)}' and ${field} < '${utcText(batch.end)}'`);
}

/** The `model` a batch renders with: the node, its `batch` (id, event_time_start, event_time_end) and dbt's legacy config keys. */
export function batchModel(node: ManifestNode, batch: MicrobatchBatch | undefined): ManifestNode {
  if (!batch || !isMicrobatchModel(node)) return node;
  const [start, end] = [new PyDatetime(batch.start, false, 0), new PyDatetime(batch.end, false, 0)];
  return {
    ...node,
    batch: { id: batch.id, event_time_start: start, event_time_end: end },
    config: { ...node.config, __dbt_internal_microbatch_event_time_start: start, __dbt_internal_microbatch_event_time_end: end },
  } as ManifestNode;
}
