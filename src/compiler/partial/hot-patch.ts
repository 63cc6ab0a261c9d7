/**
 * The fastest partial parse, for a process that keeps its compiler (`parse --watch`): a model
 * file whose text changed is drafted, parse-rendered, configured, named, linked and compiled
 * again alone, and swapped into the manifest in place — when nothing else can see the
 * difference. It refuses (returns a reason, and the caller parses again) whenever the edit
 * reaches past the node: a different config, name, relation, ref or source; an ephemeral model
 * or one with ephemeral parents (their SQL is inlined in other nodes); a unit test on it; a
 * project where any template or macro reads `graph`; a render error. The steps are the full
 * parse's own (node-drafts, node-render, node-config, node-names, graph-links, node-finish), in
 * the same order, so the node is the same object, key for key, as a full parse makes.
 */
import { finalizeConfig, mergeLayers } from '../node-config.js';
import { makeDraft } from '../node-drafts.js';
import { applyConfigFields, applyDocBlocks, forgetCreatedAt } from '../dbt-fields.js';
import { compileDraft, parseRender } from '../node-render.js';
import { nameMacrosOverridden, resolveNodeNames } from '../node-names.js';
import { linkDraft } from '../graph-links.js';
import { finishNode } from '../node-finish.js';
import { Introspection } from '../introspection.js';
import type { CompileState, NodeDraft } from '../compile-state.js';

/** What the hot patch needs of a finished compile (handed out by compileProject). */
export interface CompilerInternals {
  state: CompileState;
}

const GRAPH_WORD = /\bgraph\b/;
const graphReaders = new WeakMap<CompileState, boolean>();

/** True when some node's template or some macro mentions `graph` (it may read every node). */
function projectReadsGraph(state: CompileState): boolean {
  let reads = graphReaders.get(state);
  if (reads === undefined) {
    reads = state.env.macros().some((macro) => GRAPH_WORD.test(macro.sql)) || [...state.drafts.values()].some((draft) => GRAPH_WORD.test(draft.template));
    graphReaders.set(state, reads);
  }
  return reads;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Re-parses the model `uniqueId` from its file's new `contents` and puts it in the manifest in
 * place of the old one. Returns undefined when done, else why it could not (the manifest is then
 * unchanged).
 */
export async function patchModel(internals: CompilerInternals, uniqueId: string, contents: string): Promise<string | undefined> {
  const { state } = internals;
  const old = state.drafts.get(uniqueId);
  if (!old || old.kind !== 'model' || old.renderTest || old.templateLine !== 1) return 'not a model file';
  if (projectReadsGraph(state)) return 'a template or macro reads graph';
  if (old.node.config.materialized === 'ephemeral') return 'an ephemeral model';
  if (Object.values(state.manifest.unit_tests ?? {}).some((test) => test.depends_on.nodes.includes(uniqueId))) return 'a model with unit tests';
  const ephemeralParent = old.node.depends_on.nodes.some((id) => state.drafts.get(id)?.node.config.materialized === 'ephemeral');
  if (ephemeralParent) return 'a model with ephemeral parents';

  const node = old.node;
  forgetCreatedAt(state, old.placeFile);
  const draft: NodeDraft = makeDraft(state, {
    kind: 'model',
    pkg: old.pkg,
    name: node.name,
    uniqueId,
    fqn: node.fqn,
    path: node.path,
    originalFilePath: node.original_file_path,
    placeFile: old.placeFile,
    template: contents,
    templateLine: 1,
    raw: contents.trim(),
    props: old.props,
  });
  try {
    parseRender(state, draft);
    // macros' own depends_on joins every node's macro-to-macro calls: a change there reaches past the model
    if (!same(macroCallEdges(draft), macroCallEdges(old))) return 'the macros it calls call others than before';
    draft.node.config = finalizeConfig(draft.kind, mergeLayers(draft.baseConfig, draft.inFileConfig));
    if (!same(draft.node.config, node.config)) return 'its config changed';
    applyConfigFields(draft);
    // its constraints and tests are the old ones (same YAML, same config)
    draft.node.primary_key = node.primary_key;
    applyDocBlocks(state, draft.node);
    if (!same(draft.node.refs, node.refs) || !same(draft.node.sources, node.sources)) return 'its refs or sources changed';
    resolveNodeNames(state, draft, nameMacrosOverridden(state));
    if (draft.node.database !== node.database || draft.node.schema !== node.schema || draft.node.alias !== node.alias || draft.node.relation_name !== node.relation_name) {
      return 'its relation changed';
    }
    linkDraft(state, draft);
    if (!same(draft.node.depends_on.nodes, node.depends_on.nodes)) return 'its parents changed';
    // compile with the new draft in place (a template may ask for its own node), then keep or undo
    state.drafts.set(uniqueId, draft);
    let sql: string | undefined;
    try {
      if (state.options.compileSql !== false) sql = await compileDraft(state, draft, new Introspection(state.options.adapter));
    } catch (error) {
      state.drafts.set(uniqueId, old);
      throw error;
    }
    if (sql !== undefined) {
      draft.node.compiled_code = sql;
      draft.node.extra_ctes = [];
      draft.node.compiled = true;
    }
    finishNode(state, draft);
  } catch {
    return 'it does not render (a full parse reports the error)';
  }
  state.manifest.nodes[uniqueId] = draft.node;
  return undefined;
}

/** The macro-to-macro calls a node's parse render made, in a stable order. */
function macroCallEdges(draft: NodeDraft): string[] {
  return [...(draft.tracker.recordedCalls() ?? [])].flatMap(([caller, callees]) => [...callees].map((callee) => `${caller} ${callee}`)).sort();
}
