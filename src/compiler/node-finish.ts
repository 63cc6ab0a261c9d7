/**
 * The last touches on a compiled node: tags, meta and contract from its config, rendered
 * descriptions (`{{ doc() }}`), depends_on.macros and checksums.
 */
import type { CompileState, NodeDraft } from './compile-state.js';
import { contractChecksum, nodeChecksums } from './checksums.js';
import { chooseMaterialization } from './materialization-choice.js';
import { renderYamlText } from './graph-members.js';
import { sortStrings } from './sort-strings.js';
import { unrenderedConfig } from './unrendered-config.js';

export function finishNode(state: CompileState, draft: NodeDraft): void {
  const node = draft.node;
  const config = node.config;
  node.tags = [...config.tags];
  node.meta = { ...config.meta };
  node.contract = { enforced: config.contract?.enforced ?? false, alias_types: config.contract?.alias_types ?? true, checksum: null };
  if (draft.kind === 'model') node.constraints = draft.props?.constraints ?? [];
  const place = draft.props?.place ?? node.dailies.place;
  if (node.description) node.description = renderYamlText(state, node.description, place);
  for (const column of Object.values(node.columns)) {
    if (!column.description || (!column.description.includes('{{') && !column.description.includes('{%'))) continue;
    const columnPlace = draft.props?.columns.findLast((entry) => entry.name === column.name)?.place;
    column.description = renderYamlText(state, column.description, columnPlace ?? place);
  }
  // as dbt: the macros the node calls itself (the rest are reached through the macros' depends_on)
  node.depends_on.macros = draft.directMacros.filter((uniqueId) => uniqueId in state.manifest.macros);
  // dailies' hash covers every macro the node's renders ran, directly or not
  const contents = node.dailies.checksums.contents;
  const called = new Set(draft.tracker.macrosCalled);
  const materialization = draft.kind === 'model' ? materializationMacro(state, String(config.materialized)) : undefined;
  if (materialization !== undefined) {
    // the block runs when the model is built, not at parse: its text and what it calls count too
    node.dailies.materialization = materialization;
    for (const id of staticClosure(state, materialization)) called.add(id);
  }
  node.dailies.checksums = nodeChecksums(sortStrings([...called]), (uniqueId) => state.manifest.macros[uniqueId]?.dailies.checksum);
  if (contents !== undefined) node.dailies.checksums.contents = contents;
  node.contract.checksum = contractChecksum(node);
  node.unrendered_config = unrenderedConfig(state, draft);
}

const materializations = new WeakMap<CompileState, Map<string, string | undefined>>();

/** The `{% materialization %}` block of the project or a package that builds `name`, if any (a core one dailies builds natively is none). */
function materializationMacro(state: CompileState, name: string): string | undefined {
  let chosen = materializations.get(state);
  if (!chosen) materializations.set(state, (chosen = new Map()));
  if (chosen.has(name)) return chosen.get(name);
  let id: string | undefined;
  try {
    const choice = chooseMaterialization({
      name,
      adapterType: state.project.target.type,
      rootPackage: state.project.rootPackage.name,
      macros: state.env.macros().filter((macro) => macro.materialization !== undefined),
      requireExplicitPackageOverrides: state.project.rootPackage.config.flags?.require_explicit_package_overrides_for_builtin_materializations !== false,
    });
    id = choice?.kind === 'macro' ? choice.macro.uniqueId : undefined;
  } catch {
    id = undefined; // two blocks for one name: the build reports it
  }
  chosen.set(name, id);
  return id;
}

/** `id` and the macros reached from it through depends_on.macros. */
function staticClosure(state: CompileState, id: string): Set<string> {
  const seen = new Set<string>();
  const pending = [id];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...(state.manifest.macros[next]?.depends_on.macros ?? []));
  }
  return seen;
}
