/**
 * The relation a manifest node builds, with dbt's `quoting:` policy (the project's, overridden by
 * the node's `config.quoting`; compile stores the merged policy in the node's config).
 */
import type { QuotePolicy, Relation } from '../warehouse/adapter.js';

const PARTS = ['database', 'schema', 'identifier'] as const;

/** The parts written quoted (case-sensitive), or undefined when none is. */
export function quotingOf(config: object): QuotePolicy | undefined {
  const raw = (config as { quoting?: unknown }).quoting;
  if (raw === null || typeof raw !== 'object') return undefined;
  const given = raw as Record<string, unknown>;
  // most nodes quote nothing (dbt's default `quoting: {}`): no policy object for them
  if (given.database !== true && given.schema !== true && given.identifier !== true) return undefined;
  const policy: QuotePolicy = {};
  for (const part of PARTS) if (given[part] === true) policy[part] = true;
  return policy;
}

/**
 * The relation of a source table: the parts dailies recorded it quotes (the project's `quoting:`
 * included); for a manifest written by dbt, its `quoting` field.
 */
export function sourceRelation(source: { database: string | null; schema: string; identifier: string; quoting?: object; dailies?: { quoting?: QuotePolicy } }): Relation {
  // the YAML's quoting can only quote fewer parts than the project's and the YAML's together
  const quoting = source.dailies?.quoting ?? quotingOf({ quoting: source.quoting });
  return quoting ? { database: source.database, schema: source.schema, identifier: source.identifier, quoting } : { database: source.database, schema: source.schema, identifier: source.identifier };
}

export function nodeRelation(node: { database: string | null; schema: string; alias: string; config: object }): Relation {
  const quoting = quotingOf(node.config);
  return quoting ? { database: node.database, schema: node.schema, identifier: node.alias, quoting } : { database: node.database, schema: node.schema, identifier: node.alias };
}
