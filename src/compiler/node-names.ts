/**
 * Where a node is built: database, schema and alias through `generate_database_name`,
 * `generate_schema_name` and `generate_alias_name` (user overrides win; dbt's defaults are
 * computed natively when no project overrides them).
 */
import type { CompileState, NodeDraft } from './compile-state.js';
import { nodeGlobals } from './context.js';
import { Introspection } from './introspection.js';
import { nodeRelation } from '../graph/node-relation.js';

function overridden(state: CompileState, name: string): boolean {
  const macro = state.env.findMacro(name);
  return macro !== undefined && macro.packageName !== 'dbt';
}

function callNameMacro(state: CompileState, draft: NodeDraft, name: string, custom: unknown): string | null {
  const globals = nodeGlobals(state, draft, { phase: 'compile', isIncremental: false, introspection: new Introspection(undefined) }, draft.tracker);
  const result = state.env.callMacro(name, [custom ?? null, draft.node], {}, globals, draft.tracker);
  if (result === null || result === undefined) return null;
  const text = String(result).trim();
  return text === '' || text === 'None' ? null : text;
}

export interface NameMacros {
  schema: boolean;
  alias: boolean;
  database: boolean;
}

export function nameMacrosOverridden(state: CompileState): NameMacros {
  return {
    schema: overridden(state, 'generate_schema_name'),
    alias: overridden(state, 'generate_alias_name'),
    database: overridden(state, 'generate_database_name'),
  };
}

const HAS_RELATION = new Set(['model', 'seed', 'snapshot']);

/** Sets database, schema, alias and relation_name of a node whose config is final. */
export function resolveNodeNames(state: CompileState, draft: NodeDraft, macros: NameMacros): void {
  const node = draft.node;
  const config = node.config;
  // a snapshot's target_schema is absolute, except under a schema override (a pull request's
  // schema): then it is a custom schema like any other, so nothing is built into production
  const override = state.options.schemaOverride !== undefined;
  const targetSchema = draft.kind === 'snapshot' && config.target_schema ? String(config.target_schema) : null;
  const customSchema = ((override && targetSchema) || config.schema || null) as string | null;
  const customAlias = (config.alias ?? null) as string | null;
  const customDatabase = (config.database ?? null) as string | null;

  if (targetSchema && !override) {
    node.schema = targetSchema;
    node.database = (config.target_database as string | null | undefined) ?? customDatabase ?? state.targetDatabase;
  } else {
    node.database = macros.database ? callNameMacro(state, draft, 'generate_database_name', customDatabase) : (customDatabase ?? state.targetDatabase);
    node.schema = macros.schema
      ? (callNameMacro(state, draft, 'generate_schema_name', customSchema) ?? state.targetSchema)
      : customSchema
        ? `${state.targetSchema}_${customSchema.trim()}`
        : state.targetSchema;
  }
  if (draft.kind === 'test' && !macros.alias) node.alias = customAlias ?? node.alias;
  else node.alias = macros.alias ? (callNameMacro(state, draft, 'generate_alias_name', customAlias) ?? node.name) : (customAlias?.trim() || defaultAlias(node));

  // dbt_project.yml's `quoting:` under the node's own `quoting` config: what the relation quotes
  if (Object.keys(state.project.rootPackage.config.quoting).length > 0) config.quoting = { ...state.project.rootPackage.config.quoting, ...((config.quoting as Record<string, boolean> | undefined) ?? {}) };
  const materialized = config.materialized;
  node.relation_name = HAS_RELATION.has(draft.kind) && materialized !== 'ephemeral' ? state.dialect.renderRelation(nodeRelation(node)) : null;
}

/** dbt's default__generate_alias_name without a custom alias: the name, `_v<version>` for a versioned model. */
function defaultAlias(node: { name: string; version?: string | number | null }): string {
  const version = node.version;
  return version === null || version === undefined || version === '' || version === 0 ? node.name : `${node.name}_v${String(version).replaceAll('.', '_')}`;
}
