/**
 * The globals that reach the warehouse: `adapter` (dispatch, quote, get_relation,
 * get_columns_in_relation, get_missing_columns) and `run_query`. At parse time they answer empty
 * and mark the node for a real render; at compile time they go through the Introspection cache.
 */
import { DailiesError } from '../errors.js';
import type { Adapter, QueryResult, RelationInfo } from '../warehouse/adapter.js';
import { argument, splitArguments } from './call-args.js';
import type { CompileState } from './compile-state.js';
import type { RenderMode } from './context.js';
import { toColumns, toTable } from './introspection-values.js';
import type { RenderTracker } from './jinja/types.js';
import { TemplateRelation, isTemplateRelation } from './relations.js';
import { TemplateColumn } from './template-column.js';

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

  /** `adapter.get_column_schema_from_query(sql)`: the columns a query returns, as dbt Columns. */
  const columnSchemaOf = (sql: unknown): TemplateColumn[] => {
    if (parsing) {
      markDynamic();
      return [];
    }
    const text = String(sql);
    const result = intro.ask<QueryResult>(`query:${text}`, { columns: [], rows: [] }, (adapter) => adapter.execute(text));
    return result.columns.map((column) => new TemplateColumn(column.name, column.type));
  };

  /** A statement with side effects (`adapter.drop_relation`, `create_schema`, …): run once per compile, at compile time. */
  const runStatement = (key: string, work: (adapter: Adapter) => Promise<unknown>): string => {
    if (parsing) {
      markDynamic();
      return '';
    }
    intro.ask(`statement:${key}`, null, async (adapter) => {
      await work(adapter);
      return null;
    });
    return '';
  };

  const relationParts = (relation: unknown): RelationInfo | null => {
    if (!isTemplateRelation(relation)) return null;
    return { ...relation.asRelation(), type: (relation.type ?? 'table') as RelationInfo['type'] };
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
      get_column_schema_from_query: columnSchemaOf,
      /** dbt's `adapter.load_relation(relation)`: the relation as the warehouse has it, or none. */
      load_relation: (relation: unknown) => {
        if (!isTemplateRelation(relation)) return null;
        return getRelation(relation.database, relation.schema, relation.identifier);
      },
      drop_relation: (relation: unknown) => {
        const parts = relationParts(relation);
        if (!parts) return '';
        return runStatement(`drop:${parts.type}:${(relation as TemplateRelation).render()}`, (adapter) => adapter.dropRelation(parts, parts.type));
      },
      rename_relation: (from: unknown, to: unknown) => {
        const parts = relationParts(from);
        if (!parts || !isTemplateRelation(to)) return '';
        return runStatement(`rename:${(from as TemplateRelation).render()}:${to.identifier}`, (adapter) => adapter.renameRelation(parts, to.identifier, parts.type));
      },
      create_schema: (relation: unknown) => {
        if (!isTemplateRelation(relation)) return '';
        return runStatement(`create-schema:${relation.database}.${relation.schema}`, (adapter) => adapter.createSchema(relation.database, relation.schema));
      },
      drop_schema: (relation: unknown) => {
        if (!isTemplateRelation(relation)) return '';
        return runStatement(`drop-schema:${relation.database}.${relation.schema}`, (adapter) => adapter.dropSchema(relation.database, relation.schema));
      },
      quote_as_configured: (name: unknown) => state.dialect.quoteIdentifier(String(name)),
      /** dbt's behaviour flags, each off as in a project that sets none (`adapter.behavior.<flag>.no_warn`). */
      behavior: new Proxy({}, { get: (_target, flag) => (typeof flag === 'string' ? { no_warn: false, setting: false } : undefined) }),
      expand_target_column_types: () => '',
      get_incremental_strategy_macro: (context: unknown, strategy: unknown) => incrementalStrategyMacro(state.project.target.type, context, strategy),
      /** Not dbt's: whether this render reaches a warehouse (the schema-change macros refuse to compare columns without one). */
      dailies_has_warehouse: () => !parsing && intro.adapter !== undefined,
      /** Not dbt's: `value`, or what the same call gave in this render's first round (introspection.ts). */
      dailies_replay: (kind: unknown, value: unknown) => intro.replay(String(kind), value),
      commit: () => '',
      // dbt's relation cache: dailies keeps none, so a materialization's cache updates are no-ops
      cache_added: () => '',
      cache_dropped: () => '',
      cache_renamed: () => '',
      /** `show grants` rows as `{privilege: [grantee, …]}` (ownership and grants to shares or database roles left out, as dbt-snowflake does). */
      standardize_grants_dict: (table: unknown) => standardizeGrants(table),
    },
  };
}

function standardizeGrants(table: unknown): Record<string, string[]> {
  const grants: Record<string, string[]> = {};
  const { column_names: names = [], rows = [] } = (table ?? {}) as { column_names?: string[]; rows?: unknown[][] };
  const at = (name: string): number => names.findIndex((candidate) => candidate.toLowerCase() === name);
  const [privilegeAt, granteeAt, grantedToAt] = [at('privilege'), at('grantee_name'), at('granted_to')];
  for (const row of rows) {
    const privilege = String(row[privilegeAt] ?? '');
    const grantedTo = String(row[grantedToAt] ?? '');
    if (privilegeAt < 0 || !privilege || privilege === 'OWNERSHIP' || grantedTo === 'SHARE' || grantedTo === 'DATABASE_ROLE') continue;
    (grants[privilege] ??= []).push(String(row[granteeAt] ?? ''));
  }
  return grants;
}

const BUILTIN_STRATEGIES = ['append', 'delete+insert', 'merge', 'insert_overwrite', 'microbatch'];
/** The built-in strategies each adapter accepts (dbt-duckdb 1.11 / dbt-snowflake 1.11's `valid_incremental_strategies`). */
const VALID_STRATEGIES: Record<string, string[]> = {
  duckdb: ['append', 'delete+insert', 'merge', 'microbatch'],
  snowflake: ['append', 'merge', 'delete+insert', 'microbatch', 'insert_overwrite'],
};

/** The built-in strategies an adapter type accepts (dbt-duckdb's / dbt-snowflake's `valid_incremental_strategies`). */
export function validStrategies(adapterType: string): string[] {
  return VALID_STRATEGIES[adapterType] ?? BUILTIN_STRATEGIES;
}

/**
 * dbt's `adapter.get_incremental_strategy_macro(context, strategy)` (what incremental
 * materializations call): the macro `get_incremental_<strategy>_sql` from the caller's `context`,
 * refused for a built-in strategy the adapter does not offer.
 */
function incrementalStrategyMacro(adapterType: string, context: unknown, strategy: unknown): unknown {
  const name = strategy === null || strategy === undefined ? 'default' : String(strategy);
  if (BUILTIN_STRATEGIES.includes(name) && !(VALID_STRATEGIES[adapterType] ?? BUILTIN_STRATEGIES).includes(name)) {
    throw new DailiesError('compile', `The incremental strategy '${name}' is not valid for this adapter`, {
      hint: `use one of ${(VALID_STRATEGIES[adapterType] ?? BUILTIN_STRATEGIES).map((known) => `'${known}'`).join(', ')}, or a custom strategy macro`,
    });
  }
  const macroName = `get_incremental_${name.replace(/\+/g, '_')}_sql`;
  const macro = context !== null && typeof context === 'object' ? (context as Record<string, unknown>)[macroName] : undefined;
  if (typeof macro !== 'function') {
    throw new DailiesError('compile', `could not find an incremental strategy macro with the name "${macroName}"`, {
      hint: `define {% macro ${macroName}(arg_dict) %} returning the SQL of the strategy`,
    });
  }
  return macro;
}
