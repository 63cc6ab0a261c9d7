/**
 * The last touches on a compiled node: tags, meta and contract from its config, rendered
 * descriptions (`{{ doc() }}`), depends_on.macros and checksums.
 */
import type { CompileState, NodeDraft } from './compile-state.js';
import { contractChecksum, nodeChecksums } from './checksums.js';
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
  node.dailies.checksums = nodeChecksums(sortStrings([...draft.tracker.macrosCalled]), (uniqueId) => state.manifest.macros[uniqueId]?.dailies.checksum);
  if (contents !== undefined) node.dailies.checksums.contents = contents;
  node.contract.checksum = contractChecksum(node);
  node.unrendered_config = unrenderedConfig(state, draft);
}
