/**
 * The hashes state comparison uses to say why a node changed: raw code, raw code without
 * comments and whitespace noise, config, every macro called, contract columns, seed contents.
 */
import type { ManifestNode, NodeChecksums } from '../graph/types.js';
import { sha256 } from './node-drafts.js';
import { sortedJson } from './node-config.js';
import { normalizeRaw } from './source-lines.js';

export function nodeChecksums(node: ManifestNode, macrosCalled: Iterable<string>, macroChecksum: (uniqueId: string) => string | undefined): NodeChecksums {
  const macros: Record<string, string> = {};
  for (const uniqueId of [...macrosCalled].sort()) {
    const checksum = macroChecksum(uniqueId);
    if (checksum !== undefined) macros[uniqueId] = checksum;
  }
  let contract: string | null = null;
  if (node.config.contract.enforced) {
    const columns: Record<string, string | null> = {};
    for (const column of Object.values(node.columns)) columns[column.name] = column.data_type;
    contract = sha256(sortedJson(columns));
  }
  return {
    raw: node.resource_type === 'seed' ? sha256(node.raw_code) : node.checksum.checksum,
    rawNormalized: sha256(normalizeRaw(node.raw_code)),
    config: sha256(sortedJson(node.config)),
    macros,
    contract,
    contents: node.dailies.checksums.contents,
  };
}
