/** Numbers, deltas, durations and change reasons in words. */
import type { ChangedNode, ChangeReason } from '../types.js';

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function signed(value: number): string {
  if (value === 0) return '±0';
  return value > 0 ? `+${count(value)}` : `−${count(-value)}`;
}

export function plural(value: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count(value)} ${value === 1 ? singular : pluralForm}`;
}

export function seconds(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value < 1) return `${Math.round(value * 1000)} ms`;
  if (value < 120) return `${value.toFixed(1)} s`;
  return `${Math.floor(value / 60)} min ${Math.round(value % 60)} s`;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

const REASON_WORDS: Record<ChangeReason, string> = {
  body: 'SQL changed',
  whitespace_or_comments: 'whitespace or comments only (not rebuilt)',
  config: 'config changed',
  macros: 'macro changed',
  contract: 'contract changed',
  seed_contents: 'seed contents changed',
  upstream_contract: 'upstream contract changed',
};

/** A resource type in words, singular and plural (`saved_query` → saved query, saved queries). */
const KIND_WORDS: Record<string, [string, string]> = {
  semantic_model: ['semantic model', 'semantic models'],
  saved_query: ['saved query', 'saved queries'],
};

export function kindWords(kind: string): [string, string] {
  return KIND_WORDS[kind] ?? [kind, `${kind}s`];
}

/** Resource types whose change is a change of definition (no SQL, config or data of their own). */
const SEMANTIC = new Set(['semantic_model', 'metric', 'saved_query']);

/** Why a node is in the changed set, in words (macro names and other values left for the caller to escape). */
export function changeWords(change: ChangedNode): string[] {
  if (change.status === 'new') return ['new'];
  if (change.status === 'removed') return ['removed'];
  if (change.reasons.length === 0) return ['modified'];
  if (SEMANTIC.has(change.resourceType)) return ['definition changed'];
  return change.reasons.map((reason) => REASON_WORDS[reason] ?? reason);
}
