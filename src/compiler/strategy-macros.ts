/**
 * Incremental strategies as dbt finds them: `incremental_strategy: 'name'` means the macro
 * `get_incremental_<name>_sql` (`+` read as `_`), called with dbt's arg_dict (target_relation,
 * temp_relation, unique_key, dest_columns, incremental_predicates) in the model's context. The
 * runner asks which strategies a project or package defines (or overrides) and has the macro
 * render the SQL it then runs, live, after the new rows are staged.
 */
import { DailiesError } from '../errors.js';
import type { Relation, ColumnMeta } from '../warehouse/adapter.js';
import type { RunRuntime } from './api.js';
import type { CompileState, NodeDraft } from './compile-state.js';
import { nodeGlobals } from './context.js';
import { Introspection } from './introspection.js';
import { toColumns } from './introspection-values.js';
import { TemplateRelation } from './relations.js';

/** dbt's macro name for a strategy: `delete+insert` → `get_incremental_delete_insert_sql`. */
export function strategyMacroName(strategy: string): string {
  return `get_incremental_${strategy.replace(/\+/g, '_')}_sql`;
}

/** The strategy's macro when a project or package (not dailies's built-ins) defines it, else null. */
export function projectStrategyMacro(state: CompileState, strategy: string): string | null {
  const name = strategyMacroName(strategy);
  const found = state.env.findMacro(name);
  return found && found.packageName !== 'dbt' ? name : null;
}

export interface StrategyCall {
  /** The model's table. */
  target: Relation;
  /** The staged new rows. */
  temp: Relation;
  /** The columns to write, as the staged relation has them. */
  columns: ColumnMeta[];
}

/** Renders `macroName(arg_dict)` for the model `draft` with live introspection; returns the SQL to run. */
export async function renderStrategyMacro(state: CompileState, draft: NodeDraft, macroName: string, call: StrategyCall, runtime: RunRuntime): Promise<string> {
  const config = draft.node.config as unknown as Record<string, unknown>;
  const predicates = config.incremental_predicates ?? config.predicates ?? null;
  const argDict = {
    target_relation: new TemplateRelation(state.dialect, call.target, { type: 'table' }),
    temp_relation: new TemplateRelation(state.dialect, call.temp, { type: 'table' }),
    unique_key: config.unique_key ?? null,
    dest_columns: toColumns(call.columns),
    incremental_predicates: predicates,
  };
  const mode = { phase: 'compile' as const, isIncremental: runtime.isIncremental, introspection: new Introspection(runtime.adapter), ...(runtime.batch ? { batch: runtime.batch } : {}) };
  const place = { file: draft.placeFile, line: draft.templateLine };
  const rendered = await mode.introspection.renderUntilStable(() => {
    const value = state.env.callMacro(macroName, [argDict], {}, nodeGlobals(state, draft, mode), draft.tracker);
    return value === null || value === undefined ? '' : String(value);
  }, place);
  if (rendered.trim() === '') {
    throw new DailiesError('compile', `${macroName} returned no SQL for model '${draft.node.name}'`, {
      place,
      hint: `the macro of incremental_strategy '${String(config.incremental_strategy)}' must return the SQL that writes the new rows (with {{ return(sql) }} or as its text)`,
    });
  }
  return rendered;
}
