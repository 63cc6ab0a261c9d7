/**
 * The hashes state comparison uses to say why a node changed: raw code, raw code without
 * comments and whitespace noise, config, every macro called, contract columns, seed contents.
 */
import type { ManifestNode, NodeChecksums } from '../graph/types.js';
import { sha256, sha256Text } from './hashes.js';
import { sortedJson } from './node-config.js';
import { normalizeRaw } from './source-lines.js';
import { sortStrings } from './sort-strings.js';

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

/** Normalized-raw checksums of short raw code (generic tests share a handful of raw texts). */
const normalizedChecksums = new Map<string, string>();

function rawNormalizedChecksum(raw: string): string {
  if (raw.length > 256) return sha256(normalizeRaw(raw));
  let checksum = normalizedChecksums.get(raw);
  if (checksum === undefined) {
    checksum = sha256Text(normalizeRaw(raw));
    if (normalizedChecksums.size >= CONFIG_CHECKSUMS_KEPT) normalizedChecksums.clear();
    normalizedChecksums.set(raw, checksum);
  }
  return checksum;
}

export function nodeChecksums(node: ManifestNode, macrosCalled: Iterable<string>, macroChecksum: (uniqueId: string) => string | undefined): NodeChecksums {
  const macros: Record<string, string> = {};
  for (const uniqueId of sortStrings([...macrosCalled])) {
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
    rawNormalized: rawNormalizedChecksum(node.raw_code),
    config: configChecksum(node.config),
    macros,
    contract,
    contents: node.dailies.checksums.contents,
  };
}
