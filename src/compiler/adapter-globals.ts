/**
 * The globals that reach the warehouse: `adapter` (dispatch, quote, get_relation,
 * get_columns_in_relation, get_missing_columns) and `run_query`. At parse time they answer empty
 * and mark the node for a real render; at compile time they go through the Introspection cache.
 */
import type { RelationInfo } from '../warehouse/adapter.js';
import { argument, splitArguments } from './call-args.js';
import type { CompileState } from './compile-state.js';
import type { RenderMode } from './context.js';
import { toColumns, toTable } from './introspection-values.js';
import type { RenderTracker } from './jinja/types.js';
import { TemplateRelation, isTemplateRelation } from './relations.js';

export function adapterGlobals(
  state: CompileState,
  mode: RenderMode,
  globals: Record<string, unknown>,
  markDynamic: () => void,
  tracker: RenderTracker | undefined,
): Record<string, unknown> {
  const parsing = mode.phase === 'parse';
  const intro = mode.introspection;

  const columnsOf = (relation: unknown): unknown[] => {
    if (parsing || !isTemplateRelation(relation)) {
      markDynamic();
      return [];
    }
    const rel = relation.asRelation();
    return toColumns(intro.ask(`columns:${relation.render()}`, [], (adapter) => adapter.getColumns(rel)));
  };

  const getRelation = (...args: unknown[]): unknown => {
    const call = splitArguments(args);
    const database = (argument(call, 0, 'database') ?? null) as string | null;
    const schema = String(argument(call, 1, 'schema') ?? '');
    const identifier = String(argument(call, 2, 'identifier') ?? '');
    if (parsing) {
      markDynamic();
      return null;
    }
    const key = `relation:${database}.${schema}.${identifier}`;
    const info = intro.ask<RelationInfo | null>(key, null, (adapter) => adapter.getRelation({ database, schema, identifier }));
    return info ? new TemplateRelation(state.dialect, info, { type: info.type }) : null;
  };

  const runQuery = (sql: unknown): unknown => {
    if (parsing) {
      markDynamic();
      return toTable({ columns: [], rows: [] });
    }
    const text = String(sql);
    return toTable(intro.ask(`query:${text}`, { columns: [], rows: [] }, (adapter) => adapter.execute(text)));
  };

  const dispatch = (...args: unknown[]): unknown => {
    const call = splitArguments(args);
    const name = String(argument(call, 0, 'macro_name'));
    const namespace = argument(call, 1, 'macro_namespace');
    return state.env.dispatch(name, namespace === undefined || namespace === null ? undefined : String(namespace), globals, tracker);
  };

  return {
    run_query: runQuery,
    adapter: {
      type: () => state.project.target.type,
      dispatch,
      quote: (name: unknown) => state.dialect.quoteIdentifier(String(name)),
      get_relation: getRelation,
      get_columns_in_relation: columnsOf,
      get_missing_columns: (from: unknown, to: unknown) => {
        const present = new Set((columnsOf(to) as { name: string }[]).map((column) => column.name.toLowerCase()));
        return (columnsOf(from) as { name: string }[]).filter((column) => !present.has(column.name.toLowerCase()));
      },
      check_schema_exists: () => true,
    },
  };
}
