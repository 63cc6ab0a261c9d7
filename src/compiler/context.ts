/**
 * The dbt context a node's template sees: ref, source, config, var, env_var, this, target, model,
 * is_incremental, execute, adapter, run_query, api, graph, doc, … A parse render (execute=false)
 * records config()/ref()/source() calls and hands out placeholder relations; a compile render
 * resolves real relations.
 */
import { MACRO_OVERRIDES, MacroOverrides } from './jinja/macro-overrides.js';
import { DailiesError } from '../errors.js';
import type { NodeRef } from '../graph/types.js';
import { argument, splitArguments } from './call-args.js';
import type { CompileState, NodeDraft, PendingTarget } from './compile-state.js';
import { Introspection } from './introspection.js';
import { mergeLayers, withDefaults } from './node-config.js';
import { PendingRelation } from './relations.js';
import { adapterGlobals } from './adapter-globals.js';
import { findCallLine } from './source-lines.js';
import { projectGlobals } from './project-globals.js';
import type { RenderTracker } from './jinja/types.js';
import { noteEnv, noteVar, noteVolatile } from './partial/reads.js';
import { metricGlobal } from './semantic-layer/node-metrics.js';
import type { MicrobatchBatch, RenderOverrides } from './api.js';
import { batchModel, filteredForBatch } from './event-time.js';
import type { TemplateRelation } from './relations.js';

export interface RenderMode {
  phase: 'parse' | 'compile';
  isIncremental: boolean;
  introspection: Introspection;
  /** Only ref, source, config, var, env_var and this (the simple-template fast path needs no more). */
  minimal?: boolean;
  /** A unit test's overrides (vars, env vars, macros' answers). */
  overrides?: RenderOverrides;
  /** Rendered for a unit test: `--empty` leaves its inputs whole (they become fixtures). */
  unitTest?: boolean;
  /** The batch of a microbatch model being rendered (event-time filters, `model.batch`). */
  batch?: MicrobatchBatch | undefined;
}

const NO_INTROSPECTION = new Introspection(undefined);
export const IS_INCREMENTAL = 'macro.dbt.is_incremental';

export function parseMode(): RenderMode {
  return { phase: 'parse', isIncremental: false, introspection: NO_INTROSPECTION };
}

export function parseRefArguments(args: unknown[]): NodeRef {
  const call = splitArguments(args);
  const version = (call.keywords.v ?? call.keywords.version ?? null) as string | number | null;
  const strings = call.positional.map((value) => String(value));
  if (strings.length >= 2) return { name: strings[1], package: strings[0], version };
  return { name: strings[0] ?? '', package: null, version };
}

/**
 * Where a context function's error points: the line of its call in the node's template. When the
 * call is not in the template (it is inside a macro), no place: the template engine then names
 * the macro's file and line.
 */
function place(draft: NodeDraft | null, fn?: string, name?: string): { file: string; line?: number } | undefined {
  if (!draft) return undefined;
  if (!fn || !name) return { file: draft.placeFile, line: draft.templateLine };
  const line = findCallLine(draft.template, fn, name, draft.templateLine);
  return line === undefined ? undefined : { file: draft.placeFile, line };
}

function addRef(draft: NodeDraft, ref: NodeRef): void {
  if (!draft.node.refs.some((known) => known.name === ref.name && known.package === ref.package && String(known.version) === String(ref.version))) draft.node.refs.push(ref);
}

function addSource(draft: NodeDraft, pair: [string, string]): void {
  if (!draft.node.sources.some(([s, t]) => s === pair[0] && t === pair[1])) draft.node.sources.push(pair);
}

function pendingRelation(draft: NodeDraft, target: PendingTarget): PendingRelation {
  const index = draft.pending.push(target) - 1;
  return new PendingRelation(
    `\u0001${index}\u0002`,
    () => {
      draft.needsRerender = true;
    },
    (token) => draft.printedTokens.add(token),
  );
}

/**
 * `config(fail_calc=…)` in a generic test's macro body (dbt_utils.equality, fewer_rows_than, …):
 * what it sets applies to the test, except what the test's YAML definition sets itself.
 */
function applyTestMacroConfig(draft: NodeDraft, layer: Record<string, unknown>): void {
  const config = draft.node.config as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(layer)) {
    if (draft.testDefinitionConfig?.has(key)) continue;
    config[key] = key === 'severity' && typeof value === 'string' ? value.toUpperCase() : value;
  }
}

/** With `--empty`, a ref or source as dbt renders it then: `(select * from <relation> where false limit 0)`. */
function limitedInput(state: CompileState, mode: RenderMode, relation: TemplateRelation): TemplateRelation {
  return state.options.flags?.empty === true && mode.unitTest !== true && !relation.is_cte ? relation.withInputFilter('false limit 0') : relation;
}

/** Every global a node's template (or a hook of it) renders with. `draft` is null for on-run-start/-end. */
export function nodeGlobals(state: CompileState, draft: NodeDraft | null, mode: RenderMode, tracker?: RenderTracker): Record<string, unknown> {
  const parsing = mode.phase === 'parse';
  const pkg = draft?.pkg ?? state.project.rootPackage;
  const markDynamic = (): void => {
    if (draft && parsing) draft.needsRerender = true;
  };

  const ref = (...args: unknown[]): unknown => {
    const target = parseRefArguments(args);
    if (!draft) return state.relationOf(state.resolveRef(null, target));
    addRef(draft, target);
    if (parsing) return pendingRelation(draft, { kind: 'ref', ref: target });
    const uniqueId = state.resolveRef(draft, target);
    if (!draft.node.depends_on.nodes.includes(uniqueId)) draft.node.depends_on.nodes.push(uniqueId);
    return limitedInput(state, mode, filteredForBatch(state, draft, mode.batch, uniqueId, state.relationOf(uniqueId)));
  };

  const source = (...args: unknown[]): unknown => {
    const call = splitArguments(args);
    const pair: [string, string] = [String(argument(call, 0, 'source_name')), String(argument(call, 1, 'table_name'))];
    if (!draft) return state.relationOf(state.resolveSource(null, pair[0], pair[1]));
    addSource(draft, pair);
    if (parsing) return pendingRelation(draft, { kind: 'source', source: pair });
    const uniqueId = state.resolveSource(draft, pair[0], pair[1]);
    if (!draft.node.depends_on.nodes.includes(uniqueId)) draft.node.depends_on.nodes.push(uniqueId);
    return limitedInput(state, mode, filteredForBatch(state, draft, mode.batch, uniqueId, state.relationOf(uniqueId)));
  };

  const currentConfig = (): Record<string, unknown> => {
    if (!draft) return {};
    return parsing ? withDefaults(draft.kind, mergeLayers(draft.baseConfig, draft.inFileConfig)) : draft.node.config;
  };

  const config = (...args: unknown[]): string => {
    if (!draft || (!parsing && !draft.renderTest)) return '';
    const call = splitArguments(args);
    const given = call.positional[0];
    const layer = { ...(given && typeof given === 'object' ? (given as Record<string, unknown>) : {}), ...call.keywords };
    Object.assign(draft.configCalls, layer);
    if (draft.renderTest) applyTestMacroConfig(draft, layer);
    else draft.inFileConfig = mergeLayers(draft.inFileConfig, layer);
    return '';
  };
  config.get = (...args: unknown[]): unknown => {
    markDynamic();
    const call = splitArguments(args);
    const key = String(argument(call, 0, 'name'));
    const fallback = argument(call, 1, 'default');
    const value = currentConfig()[key];
    return value === undefined || value === null ? (fallback ?? null) : value;
  };
  /** `config.set(name, value)` (what dbt's set_sql_header calls): like `config(name=value)`. */
  config.set = (name: unknown, value: unknown): string => config({ [String(name)]: value, __keywords: true });
  config.require = (...args: unknown[]): unknown => {
    markDynamic();
    const key = String(argument(splitArguments(args), 0, 'name'));
    const value = currentConfig()[key];
    if (value === undefined || value === null) {
      throw new DailiesError('compile', `config '${key}' is required but not set`, {
        place: place(draft, 'require', key),
        hint: `set ${key} in config(), the YAML config or dbt_project.yml`,
      });
    }
    return value;
  };

  const variable = (...args: unknown[]): unknown => {
    const call = splitArguments(args);
    const name = String(call.positional[0]);
    if (mode.overrides?.vars && Object.prototype.hasOwnProperty.call(mode.overrides.vars, name)) return mode.overrides.vars[name];
    const found = state.lookupVar(pkg, name);
    noteVar(state, name, found);
    if (found.found) return found.value;
    if (call.positional.length > 1) return call.positional[1];
    if ('default' in call.keywords) return call.keywords.default;
    throw new DailiesError('compile', `required variable '${name}' is not set`, {
      place: place(draft, 'var', name),
      hint: `pass it with --vars '{${name}: ...}' or set it under vars: in dbt_project.yml`,
    });
  };

  const envVar = (...args: unknown[]): unknown => {
    const call = splitArguments(args);
    const name = String(call.positional[0]);
    if (mode.overrides?.env_vars && Object.prototype.hasOwnProperty.call(mode.overrides.env_vars, name)) return mode.overrides.env_vars[name];
    const value = state.project.env[name];
    noteEnv(state, name, value);
    if (value !== undefined) return value;
    if (call.positional.length > 1) return call.positional[1];
    if ('default' in call.keywords) return call.keywords.default;
    throw new DailiesError('compile', `environment variable '${name}' is not set`, {
      place: place(draft, 'env_var', name),
      hint: `export ${name}, or give env_var() a default`,
    });
  };

  // the project's globals are the prototype (shared, not copied: this runs for every node);
  // the node's own are set in one fixed order, so every node's globals share one shape
  const globals = Object.create(projectGlobals(state)) as Record<string, unknown>;
  globals.ref = ref;
  globals.source = source;
  globals.config = config;
  globals.var = variable;
  globals.env_var = envVar;
  globals.execute = !parsing;
  globals.is_incremental = (): boolean => {
    // dbt's is_incremental is a macro: called from the node's template, dbt lists it in depends_on.macros
    if (parsing && state.env.callDepth() === 0) tracker?.directMacros?.add(IS_INCREMENTAL);
    return !!draft && mode.isIncremental && draft.node.config.materialized === 'incremental';
  };
  globals.metric = metricGlobal(state, draft, parsing, () => noteVolatile(state));
  globals.model = draft ? batchModel(draft.node, mode.batch) : {};
  globals.doc = (name: unknown, second?: unknown) => {
    noteVolatile(state);
    return state.docText(String(name), draft ? { file: draft.placeFile, line: draft.templateLine } : undefined, second === undefined ? undefined : String(second));
  };
  globals.this = draft ? (parsing ? pendingRelation(draft, { kind: 'this' }) : state.thisOf(draft)) : undefined;
  globals.run_query = undefined;
  globals.adapter = undefined;
  if (mode.overrides?.macros) (globals as Record<symbol, unknown>)[MACRO_OVERRIDES] = new MacroOverrides(mode.overrides.macros);
  if (!mode.minimal) {
    const warehouse = adapterGlobals(state, mode, globals, markDynamic, tracker);
    globals.run_query = warehouse.run_query;
    globals.adapter = warehouse.adapter;
  }
  return globals;
}
