/**
 * The hashes state comparison uses to say why a node changed, beyond dbt's own fields: every macro
 * called (one hash) and contract columns (`contract.checksum`). `configChecksum` hashes a config
 * (no longer written to the manifest: state comparison compares `config` itself).
 */
import type { ManifestNode, NodeChecksums } from '../graph/types.js';
import { sha256, sha256Text } from './hashes.js';
import { sortedJson } from './node-config.js';

/** Config checksums by the config's JSON text: most nodes of a project share a handful of configs. */
const configChecksums = new Map<string, string>();
const CONFIG_CHECKSUMS_KEPT = 10_000;

/** sha256 of the config with keys sorted at every depth; equal JSON text means equal sorted text. */
export function configChecksum(config: unknown): string {
  const text = JSON.stringify(config) ?? 'null';
  let checksum = configChecksums.get(text);
  if (checksum === undefined) {
    checksum = sha256(sortedJson(config));
    if (configChecksums.size >= CONFIG_CHECKSUMS_KEPT) configChecksums.clear();
    configChecksums.set(text, checksum);
  }
  return checksum;
}

/**
 * One hash over the `unique_id:checksum` lines of the macros a node called (`macroIds` sorted, as
 * `depends_on.macros` is); macros without a checksum are left out; '' when none is left.
 * sha256Text remembers short texts: generic tests of a kind call the same macros.
 */
export function macrosChecksum(macroIds: readonly string[], macroChecksum: (uniqueId: string) => string | undefined): string {
  let text = '';
  for (const uniqueId of macroIds) {
    const checksum = macroChecksum(uniqueId);
    if (checksum !== undefined) text += `${uniqueId}:${checksum}\n`;
  }
  return text === '' ? '' : sha256Text(text);
}

/** Hash of the contract columns (name → data type) when a contract is enforced, else null. */
export function contractChecksum(node: ManifestNode): string | null {
  if (!node.config.contract.enforced) return null;
  const columns: Record<string, string | null> = {};
  for (const column of Object.values(node.columns)) columns[column.name] = column.data_type;
  return sha256(sortedJson(columns));
}

/** `macroIds`: every macro the node called, transitively, sorted (its `depends_on.macros`). */
export function nodeChecksums(macroIds: readonly string[], macroChecksum: (uniqueId: string) => string | undefined): NodeChecksums {
  return { macros: macrosChecksum(macroIds, macroChecksum) };
}
