/**
 * Data tests: the compiled failing-rows query is wrapped as dbt does —
 * `select <fail_calc> as failures, <fail_calc> <warn_if> as should_warn, <fail_calc> <error_if> as should_error
 *  from (<test sql> [limit n]) dbt_internal_test` — and the status follows severity and thresholds.
 * Failing tests keep up to 5 sample rows; `store_failures` writes the failing rows to an audit table.
 */
import { DailiesError } from '../errors.js';
import type { ManifestNode } from '../graph/types.js';
import type { Relation, Row } from '../warehouse/adapter.js';
import type { RunContext } from './context.js';
import { TEMP_SUFFIX, dropLeftover, dropQuietly, field, publishTable, siblingRelation } from './context.js';
import { replaceTableInOneStep } from './materializations/table.js';
import type { NodeOutcome } from './types.js';

export const SAMPLE_ROWS = 5;

export interface TestVerdict {
  status: 'pass' | 'warn' | 'fail';
  failures: number;
}

/** dbt's rule: error severity and should_error → fail; else should_warn → warn; else pass. */
export function testVerdict(severity: string, failures: number, shouldWarn: boolean, shouldError: boolean): TestVerdict {
  if (severity.toLowerCase() === 'error' && shouldError) return { status: 'fail', failures };
  if (shouldWarn) return { status: 'warn', failures };
  return { status: 'pass', failures };
}

export function wrapTestSql(sql: string, config: ManifestNode['config']): string {
  const failCalc = config.fail_calc || 'count(*)';
  const warnIf = config.warn_if || '!= 0';
  const errorIf = config.error_if || '!= 0';
  const limit = typeof config.limit === 'number' ? `\nlimit ${Math.floor(config.limit)}` : '';
  return [
    `select`,
    `  ${failCalc} as failures,`,
    `  case when ${failCalc} ${warnIf} then 1 else 0 end as should_warn,`,
    `  case when ${failCalc} ${errorIf} then 1 else 0 end as should_error`,
    `from (`,
    `${stripTrailingSemicolon(sql)}${limit}`,
    `) dbt_internal_test`,
  ].join('\n');
}

function stripTrailingSemicolon(sql: string): string {
  return sql.replace(/;\s*$/, '');
}

/**
 * Where failing rows are stored: the run option's schema; else the test's own schema when its
 * config names one (dbt's default config does: `dbt_test__audit`); else `<schema>_dbt_test__audit`.
 */
export function auditSchema(node: ManifestNode, override: string | undefined): string {
  if (override) return override;
  if (node.config.schema || node.schema.endsWith('dbt_test__audit')) return node.schema;
  return `${node.schema}_dbt_test__audit`;
}

export async function runTest(context: RunContext, node: ManifestNode, sql: string): Promise<NodeOutcome> {
  const { adapter, options } = context;
  const storeAs = storeFailuresAs(node);
  const result = await adapter.execute(wrapTestSql(sql, node.config));
  const row = result.rows[0];
  const failures = toNumber(field(row, 'failures'));
  const verdict = testVerdict(String(node.config.severity ?? 'error'), failures, toNumber(field(row, 'should_warn')) !== 0, toNumber(field(row, 'should_error')) !== 0);

  let failingRows: Row[] | undefined;
  if (verdict.status !== 'pass') {
    const sample = await adapter.execute(`select * from (\n${stripTrailingSemicolon(sql)}\n) dbt_failing_rows limit ${SAMPLE_ROWS}`);
    failingRows = sample.rows;
  }

  let relationName: string | null = null;
  // dbt: store_failures_as, when set, decides (ephemeral: not stored); else store_failures, else the flag
  const store = storeAs ? storeAs !== 'ephemeral' : (node.config.store_failures ?? (options.storeFailures === true || options.storeFailuresSchema !== undefined));
  if (store) {
    const relation: Relation = { database: node.database, schema: auditSchema(node, options.storeFailuresSchema), identifier: node.alias || node.name };
    await context.ensureSchema(relation.database, relation.schema);
    if (storeAs === 'view') await storeFailuresAsView(context, relation, sql);
    else await storeFailures(context, relation, sql);
    relationName = adapter.renderRelation(relation);
  }

  const message = verdict.status === 'pass' ? 'PASS' : `Got ${failures} result${failures === 1 ? '' : 's'}, configured to ${verdict.status === 'fail' ? 'fail' : 'warn'} if ${verdict.status === 'fail' ? node.config.error_if || '!= 0' : node.config.warn_if || '!= 0'}`;
  return { status: verdict.status, message, failures, failingRows, relationName };
}

/** `store_failures_as` checked as dbt's test materialization checks it: table, view or ephemeral. */
export function storeFailuresAs(node: ManifestNode): 'table' | 'view' | 'ephemeral' | null {
  const value = node.config.store_failures_as;
  if (value === undefined || value === null) return null;
  if (value === 'table' || value === 'view' || value === 'ephemeral') return value;
  throw new DailiesError('config', `'${String(value)}' is not a valid value for \`store_failures_as\` of test '${node.name}'. Accepted values are: ['ephemeral', 'table', 'view']`, {
    place: node.dailies.place,
    hint: "set store_failures_as to 'table' (the failing rows kept), 'view' (a view of the test's query) or 'ephemeral' (not stored)",
  });
}

/** Replaces whatever holds the test's failures with a view of its query (dbt drops the old relation first). */
async function storeFailuresAsView(context: RunContext, relation: Relation, sql: string): Promise<void> {
  const existing = await context.lookupRelation(relation);
  if (existing && existing.type !== 'view') await context.adapter.dropRelation(relation, existing.type);
  await context.adapter.createViewAs(relation, stripTrailingSemicolon(sql));
}

/** Replaces the audit table with this run's failing rows. */
async function storeFailures(context: RunContext, relation: Relation, sql: string): Promise<void> {
  const { adapter } = context;
  const staged = siblingRelation(relation, TEMP_SUFFIX);
  await dropLeftover(context, staged);
  if (await replaceTableInOneStep(context, relation, stripTrailingSemicolon(sql))) return;
  try {
    await adapter.createTableAs(staged, stripTrailingSemicolon(sql));
    await publishTable(context, relation, staged);
  } catch (error) {
    await dropQuietly(adapter, staged);
    throw error;
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return 0;
}
