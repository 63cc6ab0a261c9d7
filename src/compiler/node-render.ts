/**
 * Rendering nodes: the parse render (execute=false, records config/ref/source calls), the
 * compile render (real relations, introspection until stable), and the shortcut that reuses the
 * parse output when the template never looked at anything that differs between the two.
 */
import type { CompileState, NodeDraft } from './compile-state.js';
import { IS_INCREMENTAL, nodeGlobals, parseMode, type RenderMode } from './context.js';
import { droppingLog, Introspection } from './introspection.js';
import { callsMacros, parseSimpleTemplate, renderSimpleTemplate, type MacroCaller } from './simple-template.js';

/** Words whose presence means a template may render differently once execute is true. */
const DYNAMIC = /\b(execute|graph|model|load_result|statement)\b/;

const dynamicMacros = new WeakMap<CompileState, Map<string, boolean>>();

function macroIsDynamic(state: CompileState, uniqueId: string): boolean {
  let known = dynamicMacros.get(state);
  if (!known) {
    known = new Map(state.env.macros().map((macro) => [macro.uniqueId, DYNAMIC.test(macro.sql)]));
    dynamicMacros.set(state, known);
  }
  return known.get(uniqueId) ?? false;
}

const fastPathAllowed = new WeakMap<CompileState, boolean>();

/** The fast path is off when the project overrides a context function with a macro of the same name. */
function simpleTemplatesAllowed(state: CompileState): boolean {
  let allowed = fastPathAllowed.get(state);
  if (allowed === undefined) {
    allowed = ['ref', 'source', 'config', 'var', 'env_var'].every((name) => {
      const macro = state.env.findMacro(name);
      return macro === undefined || macro.packageName === 'dbt';
    });
    fastPathAllowed.set(state, allowed);
  }
  return allowed;
}

/**
 * Calls a macro as the template engine resolves a name in a node's template: the node's own
 * package, then the root package, then (when no context global has the name) dbt's built-ins.
 */
function macroCaller(state: CompileState, draft: NodeDraft, globals: Record<string, unknown>): MacroCaller {
  const root = state.project.rootPackage.name;
  return (namespace, name, positional, keywords) => {
    let packageName: string | undefined;
    if (namespace !== null) packageName = state.env.findMacro(name, namespace) ? namespace : undefined;
    else if (state.env.findMacro(name, draft.pkg.name)) packageName = draft.pkg.name;
    else if (state.env.findMacro(name, root)) packageName = root;
    else if (!(name in globals) && state.env.findMacro(name, 'dbt')) packageName = 'dbt';
    if (packageName === undefined) return undefined;
    return { value: state.env.callMacro(name, positional, keywords, globals, draft.tracker, packageName) };
  };
}

function resetParseState(draft: NodeDraft): void {
  draft.tracker.macrosCalled.clear();
  draft.tracker.directMacros?.clear();
  if (draft.tracker.recordedCalls()) draft.tracker.macroCalls.clear();
  draft.inFileConfig = {};
  draft.configCalls = {};
  draft.pending = [];
  draft.printedTokens.clear();
  draft.node.refs = [];
  draft.node.sources = [];
  draft.needsRerender = false;
  draft.tracker.undefinedAccess = false;
}

export function parseRender(state: CompileState, draft: NodeDraft): void {
  if (draft.kind === 'seed' || draft.renderTest) return;
  // what the template calls itself, recorded only during this render
  draft.tracker.directMacros = new Set();
  try {
    parseRenderOnce(state, draft);
  } finally {
    draft.tracker.directMacros = undefined;
  }
}

function parseRenderOnce(state: CompileState, draft: NodeDraft): void {
  const pieces = simpleTemplatesAllowed(state) ? parseSimpleTemplate(draft.template) : undefined;
  if (pieces) {
    const withMacros = callsMacros(pieces);
    const simpleGlobals = nodeGlobals(state, draft, { ...parseMode(), minimal: !withMacros }, draft.tracker);
    const output = renderSimpleTemplate(pieces, simpleGlobals, withMacros ? macroCaller(state, draft, simpleGlobals) : undefined);
    if (output !== undefined) {
      draft.parseOutput = output;
      // the fast path drops `{% if is_incremental() %}` blocks unrendered: dbt still lists the call
      if (draft.template.includes('is_incremental')) draft.tracker.directMacros?.add(IS_INCREMENTAL);
      draft.directMacros = [...(draft.tracker.directMacros ?? [])];
      return;
    }
    resetParseState(draft);
  }
  const globals = nodeGlobals(state, draft, parseMode(), draft.tracker);
  draft.parseOutput = state.env.render(draft.template, globals, { file: draft.placeFile, line: draft.templateLine }, draft.tracker);
  draft.directMacros = [...(draft.tracker.directMacros ?? [])];
  // an attribute of an undefined value passes dbt's parse and fails its compile: render again to fail
  if (draft.tracker.undefinedAccess) draft.needsRerender = true;
}

/** True when the parse output, with placeholders replaced, is the compiled SQL. */
function parseOutputIsFinal(state: CompileState, draft: NodeDraft): boolean {
  if (draft.needsRerender || draft.parseOutput === null) return false;
  // --empty: each ref and source renders limited to no rows
  if (state.options.flags?.empty === true) return false;
  if (DYNAMIC.test(draft.template)) return false;
  for (const uniqueId of draft.tracker.macrosCalled) if (macroIsDynamic(state, uniqueId)) return false;
  return true;
}

/** Placeholders of PendingRelations: \u0001<index>\u0002 (built at runtime: no control characters in literals). */
const PLACEHOLDER = new RegExp(`${String.fromCharCode(1)}(\\d+)${String.fromCharCode(2)}`, 'g');

function substitutePlaceholders(state: CompileState, draft: NodeDraft): string | null {
  const parsed = draft.parseOutput ?? '';
  // a relation printed into something that did not reach the output (a hash, a filter): render for real
  for (const token of draft.printedTokens) if (!parsed.includes(token)) return null;
  const output = parsed.replace(PLACEHOLDER, (_, index: string) => state.renderPending(draft, draft.pending[Number(index)]));
  return output.includes('\u0001') ? null : output;
}

/**
 * Renders a node with real relations (and `mode`'s introspection), until its questions are
 * answered. What it prints is printed once; nothing without a warehouse (a preview of the node,
 * like dbt's parse, where `execute` is false and codegen & co. print nothing).
 */
export async function renderForExecution(state: CompileState, draft: NodeDraft, mode: RenderMode): Promise<string> {
  const place = { file: draft.placeFile, line: draft.templateLine };
  const log = mode.introspection.adapter ? state.env : droppingLog(state.env);
  return mode.introspection.renderUntilStable(() => {
    const globals = nodeGlobals(state, draft, mode, draft.tracker);
    if (draft.renderTest) return draft.renderTest(globals, draft.tracker);
    return state.env.render(draft.template, globals, place, draft.tracker);
  }, place, log);
}

/** The node's compiled SQL (before ephemeral CTEs are injected); undefined for seeds. */
export async function compileDraft(state: CompileState, draft: NodeDraft, introspection: Introspection): Promise<string | undefined> {
  if (draft.kind === 'seed') return undefined;
  if (parseOutputIsFinal(state, draft)) {
    const output = substitutePlaceholders(state, draft);
    if (output !== null) return output;
  }
  return renderForExecution(state, draft, { phase: 'compile', isIncremental: false, introspection });
}
