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

/**
 * dbt-core's `build_contract_checksum` when a contract is enforced, else null: sha256 over
 * `|name` + data type + the column's constraints (as Python prints them) for each column by name,
 * then, for a table or incremental model, the materialization and the model-level constraints.
 */
export function contractChecksum(node: ManifestNode): string | null {
  if (!node.config.contract?.enforced) return null;
  let state = '';
  const columns = Object.values(node.columns).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const column of columns) {
    state += `|${column.name}${column.data_type === null ? 'None' : column.data_type}${pythonList(column.constraints.map((c) => constraintRepr(c, false)))}`;
  }
  if (node.config.materialized === 'table' || node.config.materialized === 'incremental') {
    state += `${node.config.materialized}${pythonList((node.constraints ?? []).map((c) => constraintRepr(c, true)))}`;
  }
  return sha256(state);
}

function pythonList(items: string[]): string {
  return `[${items.join(', ')}]`;
}

/** Python's repr of a string: single quotes unless the text holds ' and no ". */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return pythonList(value.map(pythonRepr));
  if (typeof value === 'object') return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  const text = String(value);
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${body}${quote}`;
}

/** `ColumnLevelConstraint(type=<ConstraintType.not_null: 'not_null'>, name=None, …)` as dbt-core prints it. */
function constraintRepr(constraint: unknown, modelLevel: boolean): string {
  const c = (constraint ?? {}) as Record<string, unknown>;
  const type = String(c.type ?? '');
  const fields = [
    `type=<ConstraintType.${type}: ${pythonRepr(type)}>`,
    `name=${pythonRepr(c.name)}`,
    `expression=${pythonRepr(c.expression)}`,
    `warn_unenforced=${pythonRepr(c.warn_unenforced ?? true)}`,
    `warn_unsupported=${pythonRepr(c.warn_unsupported ?? true)}`,
    `to=${pythonRepr(c.to)}`,
    `to_columns=${pythonRepr(c.to_columns ?? [])}`,
  ];
  if (modelLevel) fields.push(`columns=${pythonRepr(c.columns ?? [])}`);
  return `${modelLevel ? 'ModelLevelConstraint' : 'ColumnLevelConstraint'}(${fields.join(', ')})`;
}

/** `macroIds`: every macro the node called, transitively, sorted (its `depends_on.macros`). */
export function nodeChecksums(macroIds: readonly string[], macroChecksum: (uniqueId: string) => string | undefined): NodeChecksums {
  return { macros: macrosChecksum(macroIds, macroChecksum) };
}
