/**
 * What every node execution shares: the compiler, the adapter, the run options, and the
 * once-per-schema creation cache. Plus the small relation helpers every materialization uses.
 */
import type { ProjectCompiler } from '../compiler/api.js';
import { nodeRelation } from '../graph/node-relation.js';
import type { ManifestNode } from '../graph/types.js';
import type { Adapter, Relation, RelationInfo, RelationType, Row } from '../warehouse/adapter.js';
import type { RunOptions } from './types.js';

export interface RunContext {
  compiler: ProjectCompiler;
  adapter: Adapter;
  options: RunOptions;
  /** Creates the schema unless it exists; each schema is checked once per run. */
  ensureSchema(database: string | null, schema: string): Promise<void>;
  /**
   * What existed at `relation` when the run first looked at its schema (one listing per schema
   * per run). Valid for a node's own relations as long as only that node changes them.
   */
  lookupRelation(relation: Relation): Promise<RelationInfo | null>;
}

export function createRunContext(options: RunOptions): RunContext {
  const schemas = new Map<string, Promise<void>>();
  const listings = new Map<string, Promise<RelationInfo[] | null>>();
  const { adapter } = options;
  return {
    async lookupRelation(relation) {
      const key = `${relation.database ?? ''}\u0000${relation.schema}`;
      let listing = listings.get(key);
      if (!listing) {
        listing = adapter.listRelations(relation.database, relation.schema).catch(() => null);
        listings.set(key, listing);
      }
      const relations = await listing;
      if (relations === null) return adapter.getRelation(relation);
      // a quoted (case-sensitive) identifier matches exactly; an unquoted one as the warehouse stores it, else by case
      if (relation.quoting?.identifier) return relations.find((info) => info.identifier === relation.identifier) ?? null;
      const wanted = adapter.normalizeIdentifier(relation.identifier);
      return (
        relations.find((info) => info.identifier === wanted) ??
        relations.find((info) => info.identifier.toLowerCase() === wanted.toLowerCase()) ??
        null
      );
    },
    compiler: options.compiler,
    adapter,
    options,
    ensureSchema(database, schema) {
      const key = `${database ?? ''}\u0000${schema}`;
      let pending = schemas.get(key);
      if (!pending) {
        pending = (async () => {
          if (!(await adapter.schemaExists(database, schema))) await adapter.createSchema(database, schema, options.transientSchemas ? { transient: true } : undefined);
        })();
        schemas.set(key, pending);
        pending.catch(() => schemas.delete(key));
      }
      return pending;
    },
  };
}

export function relationOf(node: ManifestNode): Relation {
  return nodeRelation(node);
}

/** A relation next to `relation` named `<identifier><suffix>` (e.g. `__dailies_tmp`). */
export function siblingRelation(relation: Relation, suffix: string): Relation {
  return { ...relation, identifier: `${relation.identifier}${suffix}` };
}

export const TEMP_SUFFIX = '__dailies_tmp';

/** Drops a relation left over from a crashed run (as the run's first look at the schema saw it). */
export async function dropLeftover(context: RunContext, relation: Relation): Promise<void> {
  const existing = await context.lookupRelation(relation);
  if (existing) await context.adapter.dropRelation(relation, existing.type);
}

/** Drops a relation this node created, ignoring errors: the original error matters more. */
export async function dropQuietly(adapter: Adapter, relation: Relation, type: RelationType = 'table'): Promise<void> {
  try {
    await adapter.dropRelation(relation, type);
  } catch {
    // the original error is what the user needs to see
  }
}

/**
 * Moves the fully built `staged` table into place: atomically replaces an existing table;
 * drops an existing view first (a view cannot be swapped with a table); renames when nothing exists.
 */
export async function publishTable(context: RunContext, target: Relation, staged: Relation): Promise<void> {
  const { adapter } = context;
  const existing = await context.lookupRelation(target);
  if (existing && existing.type !== 'table') await adapter.dropRelation(target, existing.type);
  if (existing && existing.type === 'table') await adapter.replaceRelation(target, staged, 'table');
  else await adapter.renameRelation(staged, target.identifier, 'table');
}

/** `schema.identifier` for display. */
export function displayName(relation: Relation): string {
  return `${relation.schema}.${relation.identifier}`;
}

/** A column of a result row by name, ignoring case (Snowflake returns unquoted aliases upper-cased). */
export function field(row: Row | undefined, name: string): unknown {
  if (!row) return undefined;
  if (name in row) return row[name];
  const key = Object.keys(row).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : row[key];
}
