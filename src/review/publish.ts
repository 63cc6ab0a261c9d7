/**
 * The publish step of write-audit-publish: in ONE transaction, every audited table (tables,
 * incremental models, snapshots, seeds) replaces its production relation, and every view is
 * re-created from SQL compiled against production relations (never pointing at staging), the
 * relations of models removed on main are dropped, and production's record of what it holds
 * (commit and manifest) is replaced. If any statement fails
 * the transaction rolls back and production is as it was, record included.
 */
import type { ProjectCompiler } from '../compiler/api.js';
import { buildDag } from '../graph/index.js';
import type { Manifest } from '../graph/types.js';
import type { Adapter, ProductionState, Relation, RelationInfo, TransactionScope } from '../warehouse/adapter.js';
import { relationOfNode } from './deferred-build.js';

export interface PublishPlan {
  /** Head compiled with production names (with an adapter: views are rendered from it). */
  production: ProjectCompiler;
  /** Head compiled into the staging schema. */
  staging: Manifest;
  /** Built node ids (tests and ephemeral models are ignored). */
  built: string[];
  /** Production's new record of what it holds, written in the same transaction. */
  record?: ProductionState;
  /** Relations of nodes production held that the head no longer has (see `removedRelations`): dropped. */
  remove?: { uniqueId: string; relation: Relation }[];
}

export interface Published {
  uniqueId: string;
  relation: string;
  kind: 'table' | 'view' | 'removed';
}

/**
 * The relations of `held` (the manifest production records) that no node of `head` builds any
 * more: models deleted, renamed or made ephemeral on main. A fresh build of main has none of them.
 */
export function removedRelations(held: Manifest, head: Manifest): { uniqueId: string; relation: Relation }[] {
  const kept = new Set(Object.keys(head.nodes).map((id) => relationOfNode(head, id)).filter((relation): relation is Relation => relation !== null).map(relationKey));
  const removed: { uniqueId: string; relation: Relation }[] = [];
  for (const id of Object.keys(held.nodes).sort()) {
    const relation = relationOfNode(held, id);
    if (relation && !kept.has(relationKey(relation))) removed.push({ uniqueId: id, relation });
  }
  return removed;
}

export async function publishStaged(adapter: Adapter, plan: PublishPlan): Promise<Published[]> {
  const manifest = plan.production.manifest;
  const order = buildDag(manifest).topologicalOrder(plan.built.filter((id) => relationOfNode(manifest, id) !== null));
  // views are rendered before the transaction starts: rendering may introspect on another connection
  const steps: PublishStep[] = [];
  for (const id of order) {
    const target = relationOfNode(manifest, id)!;
    const isView = manifest.nodes[id]!.config.materialized === 'view';
    if (isView) {
      steps.push({ uniqueId: id, target, kind: 'view', sql: await plan.production.compileForRun(id, { isIncremental: false, adapter }) });
      continue;
    }
    const staged = relationOfNode(plan.staging, id);
    if (!staged) continue;
    steps.push({ uniqueId: id, target, kind: 'table', sql: `select * from ${adapter.renderRelation(staged)}`, staged });
  }
  const remove = plan.remove ?? [];
  const existing = await existingRelations(adapter, [...steps.map((step) => step.target), ...remove.map((item) => item.relation)]);
  for (const step of steps) {
    const before = existing.get(relationKey(step.target));
    if (step.staged && before?.type === 'table') step.sameColumns = await sameColumns(adapter, step.target, step.staged);
  }
  await adapter.transaction(async (tx) => {
    const schemas = new Set<string>();
    for (const step of steps) {
      const schemaKey = `${step.target.database ?? ''}.${step.target.schema}`;
      if (!schemas.has(schemaKey)) {
        schemas.add(schemaKey);
        await tx.execute(`create schema if not exists ${renderSchema(adapter, step.target)}`);
      }
      await replaceOne(tx, adapter, step, existing.get(relationKey(step.target)));
    }
    for (const item of remove) {
      const before = existing.get(relationKey(item.relation));
      if (before) await tx.execute(`drop ${before.type === 'view' ? 'view' : 'table'} if exists ${adapter.renderRelation(item.relation)}`);
    }
    if (plan.record) await adapter.recordProductionState(tx, plan.record);
  });
  const published: Published[] = steps.map((step) => ({ uniqueId: step.uniqueId, relation: adapter.renderRelation(step.target), kind: step.kind }));
  for (const item of remove) {
    if (existing.has(relationKey(item.relation))) published.push({ uniqueId: item.uniqueId, relation: adapter.renderRelation(item.relation), kind: 'removed' });
  }
  return published;
}

interface PublishStep {
  uniqueId: string;
  target: Relation;
  kind: 'table' | 'view';
  sql: string;
  staged?: Relation;
  /** The production table has exactly the staged columns and types: its rows are replaced, its DDL (contract constraints) kept. */
  sameColumns?: string[] | null;
}

async function replaceOne(tx: TransactionScope, adapter: Adapter, step: PublishStep, before: RelationInfo | undefined): Promise<void> {
  const target = adapter.renderRelation(step.target);
  if (step.staged && step.sameColumns) {
    const columns = step.sameColumns.map((column) => adapter.quoteIdentifier(column)).join(', ');
    await tx.execute(`delete from ${target}`);
    await tx.execute(`insert into ${target} (${columns}) select ${columns} from ${adapter.renderRelation(step.staged)}`);
    return;
  }
  // a model that changed materialization: the old relation of the other kind goes first
  if (before && before.type !== step.kind && (before.type === 'view' || before.type === 'table')) {
    await tx.execute(`drop ${before.type} ${target}`);
  }
  await tx.execute(`create or replace ${step.kind} ${target} as ${step.sql}`);
}

async function existingRelations(adapter: Adapter, relations: Relation[]): Promise<Map<string, RelationInfo>> {
  const found = new Map<string, RelationInfo>();
  const schemas = new Map<string, { database: string | null; schema: string }>();
  for (const relation of relations) schemas.set(`${relation.database ?? ''}.${relation.schema}`.toLowerCase(), { database: relation.database, schema: relation.schema });
  for (const { database, schema } of schemas.values()) {
    for (const info of await adapter.listRelations(database, schema)) found.set(relationKey({ ...info, database }), info);
  }
  return found;
}

/** The column names when both tables have the same columns with the same types, in order; else null. */
async function sameColumns(adapter: Adapter, target: Relation, staged: Relation): Promise<string[] | null> {
  const [before, after] = await Promise.all([adapter.getColumns(target), adapter.getColumns(staged)]);
  if (before.length !== after.length) return null;
  const same = before.every((column, index) => column.name === after[index]!.name && adapter.normalizeType(column.dataType) === adapter.normalizeType(after[index]!.dataType));
  return same ? after.map((column) => column.name) : null;
}

function relationKey(relation: Relation): string {
  return `${relation.database ?? ''}.${relation.schema}.${relation.identifier}`.toLowerCase();
}

function renderSchema(adapter: Adapter, relation: Relation): string {
  return [relation.database, relation.schema].filter((part): part is string => Boolean(part)).map((part) => adapter.quoteIdentifier(part)).join('.');
}
