/**
 * Runs a `{% materialization %}` block for one model, as dbt does just before the node runs: the
 * node's context plus dbt's materialization members (`sql`/`compiled_code`, `pre_hooks`/
 * `post_hooks`, `render`, `database`/`schema`), its statements executed on the warehouse in
 * order (ordered-introspection.ts), and the `{'relations': [...]}` it must return checked as dbt
 * checks it.
 */
import { DailiesError } from '../errors.js';
import type { CompileState, NodeDraft } from './compile-state.js';
import { nodeGlobals, type RenderMode } from './context.js';
import type { MacroInfo, RenderTracker } from './jinja/types.js';
import { OrderedIntrospection } from './ordered-introspection.js';
import { isTemplateRelation } from './relations.js';
import type { RunRuntime } from './api.js';

export interface MaterializationRun {
  /** The relations the block returned (`schema.identifier` as rendered). */
  relations: string[];
  /** The `main` statement's response (`load_result('main').response`), when it ran one. */
  response: Record<string, unknown> | null;
  /** Statements and look-ups the block made, in order (for logs and tests). */
  steps: string[];
}

/** A hook as dbt's materialization context lists it: `{sql, transaction, index}`. */
function hookEntries(hooks: unknown): { sql: string; transaction: boolean; index: number }[] {
  return ((hooks as unknown[] | undefined) ?? []).map((hook, index) => {
    if (hook !== null && typeof hook === 'object') {
      const entry = hook as { sql?: unknown; transaction?: unknown };
      return { sql: String(entry.sql ?? ''), transaction: entry.transaction === undefined ? true : Boolean(entry.transaction), index };
    }
    return { sql: String(hook ?? ''), transaction: true, index };
  });
}

/** `YYYYmmddHHMMSSffffff`, as Python's `strftime("%Y%m%d%H%M%S%f")` (dbt's py_current_timestring). */
function timestring(now: Date): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}${pad(now.getMilliseconds() * 1000, 6)}`;
}

/** The node's context plus dbt's materialization members. */
function materializationGlobals(
  state: CompileState,
  draft: NodeDraft,
  mode: RenderMode,
  tracker: RenderTracker,
  extra: { sql: string; frozenTime: string },
): Record<string, unknown> {
  const globals = nodeGlobals(state, draft, mode, tracker);
  globals.sql = extra.sql;
  globals.compiled_code = extra.sql;
  globals.pre_hooks = hookEntries(draft.node.config['pre-hook']);
  globals.post_hooks = hookEntries(draft.node.config['post-hook']);
  globals.database = draft.node.database;
  globals.schema = draft.node.schema;
  // the same temporary names on every replay of the block
  globals.py_current_timestring = () => extra.frozenTime;
  globals.render = (text: unknown) => state.env.render(String(text ?? ''), globals, { file: draft.placeFile, line: draft.templateLine }, tracker);
  return globals;
}

export async function runMaterializationMacro(state: CompileState, draft: NodeDraft, macro: MacroInfo, sql: string, runtime: RunRuntime): Promise<MaterializationRun> {
  const introspection = new OrderedIntrospection(runtime.adapter);
  const mode: RenderMode = { phase: 'compile', isIncremental: runtime.isIncremental, introspection };
  const tracker: RenderTracker = { macrosCalled: new Set() };
  const place = { file: macro.file?.relPath ?? `dailies/builtin-macros`, line: macro.line, packageName: macro.packageName };
  const frozenTime = timestring(new Date());
  const materializationName = macro.materialization?.name ?? macro.name;

  let returned: unknown;
  let mainResult: unknown;
  const render = (): string => {
    returned = undefined;
    mainResult = undefined;
    const globals = materializationGlobals(state, draft, mode, tracker, { sql, frozenTime });
    globals.__dailies_materialize = () => state.env.callMacro(macro.name, [], {}, globals, tracker, macro.packageName);
    globals.__dailies_done = (value: unknown, main: unknown) => {
      returned = value;
      mainResult = main;
      return '';
    };
    return state.env.render(`{%- set __dailies_returned = __dailies_materialize() -%}{{ __dailies_done(__dailies_returned, load_result('main')) }}`, globals, place, tracker);
  };
  // what the block prints (print, log(info=True), exceptions.warn) is printed once, from its last replay
  await introspection.renderUntilStable(render, place, state.env);

  const relations = returnedRelations(returned);
  if (relations === null) {
    throw new DailiesError('compile', `The materialization ("${materializationName}") did not explicitly return a list of relations to add to the cache.`, {
      place: { file: place.file, line: place.line },
      hint: "end the materialization with {{ return({'relations': [target_relation]}) }}",
    });
  }
  const response = (mainResult as { response?: unknown } | null | undefined)?.response;
  return {
    relations,
    response: response !== null && typeof response === 'object' ? (response as Record<string, unknown>) : null,
    steps: introspection.history,
  };
}

/** The `relations` list of what the block returned, rendered; null when it returned none (dbt's error). */
function returnedRelations(value: unknown): string[] | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const relations = (value as { relations?: unknown }).relations;
  if (!Array.isArray(relations)) return null;
  return relations.map((relation) => (isTemplateRelation(relation) ? relation.render() : String(relation)));
}
