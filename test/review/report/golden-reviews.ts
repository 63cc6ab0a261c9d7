/**
 * Reviews for the golden comment tests, built as data (deterministic: fixed SHAs and timings).
 * Each is one situation a reviewer meets: a one-model change, a breaking rename, a failing test,
 * a 100-model PR with five data changes, a 600-model PR.
 */
import type { BuildOutcome, ChangedNode, LineageNode, ModelDiff, Review } from '../../../src/review/types.js';

const id = (name: string) => `model.shop.${name}`;

function base(): Review {
  return {
    status: 'success',
    mode: 'full',
    project: 'shop',
    base: { ref: 'main', sha: '1111111aaaaaaa' },
    head: { ref: 'feature', sha: '2222222bbbbbbb' },
    pr: { number: 7, title: 'Rework revenue', branch: 'feature', url: 'https://github.com/acme/shop/pull/7' },
    schema: 'pr_7',
    prodSchema: 'main',
    changes: [],
    impacted: [],
    builds: [],
    diffs: [],
    lineage: { nodes: [], edges: [], breaking: [], columnImpact: [] },
    sqlDiffs: {},
    timings: { compileSeconds: 0.6, buildSeconds: 1.4, diffSeconds: 0.3, totalSeconds: 2.5 },
  };
}

function change(name: string, extra: Partial<ChangedNode> = {}): ChangedNode {
  return { uniqueId: id(name), name, resourceType: 'model', status: 'modified', reasons: ['body'], changedMacros: [], file: `models/${name}.sql`, cosmetic: false, ...extra };
}

function built(name: string, status: BuildOutcome['status'] = 'success', message = 'OK'): BuildOutcome {
  return { uniqueId: id(name), name, resourceType: 'model', status, message, file: `models/${name}.sql`, line: 1, seconds: 0.1 };
}

function test(name: string, model: string, status: BuildOutcome['status'] = 'pass', extra: Partial<BuildOutcome> = {}): BuildOutcome {
  return { uniqueId: `test.shop.${name}`, name, resourceType: 'test', status, message: status === 'fail' ? 'Got 3 results, configured to fail if != 0' : '', file: 'models/schema.yml', line: 5, attachedNode: id(model), seconds: 0.05, ...extra };
}

function diff(name: string, rows: number, changes: { added?: number; removed?: number; changed?: number } = {}, extra: Partial<ModelDiff> = {}): ModelDiff {
  const added = changes.added ?? 0;
  const removed = changes.removed ?? 0;
  const changed = changes.changed ?? 0;
  return {
    uniqueId: id(name),
    name,
    prodRelation: `"main"."${name}"`,
    prRelation: `"pr_7"."${name}"`,
    prodExists: true,
    schema: { added: [], removed: [], retyped: [] },
    rowCounts: { prod: rows, pr: rows + added - removed },
    primaryKey: ['id'],
    primaryKeySource: 'unique test',
    keyed: {
      added,
      removed,
      changed,
      unchanged: rows - removed - changed,
      columnChanges: changed > 0 ? { amount: changed, status: Math.floor(changed / 2) } : {},
      duplicateKeys: { prod: 0, pr: 0 },
      samples: {
        added: added > 0 ? [{ id: rows + 1, customer_email: 'new@example.com', amount: 12.5 }] : [],
        removed: removed > 0 ? [{ id: 3, customer_email: 'gone@example.com', amount: 4 }] : [],
        changed: changed > 0 ? [{ key: { id: 1 }, before: { id: 1, customer_email: 'ann@example.com', amount: 10.5, status: 'placed' }, after: { id: 1, customer_email: 'ann@example.com', amount: 15.75, status: 'shipped' } }] : [],
      },
    },
    seconds: 0.02,
    ...extra,
  };
}

function node(name: string, role: LineageNode['role'], extra: Partial<LineageNode> = {}): LineageNode {
  return { uniqueId: id(name), name, resourceType: 'model', role, breaking: false, ...extra };
}

function exposure(name: string, owner: string, url: string): LineageNode {
  return { uniqueId: `exposure.shop.${name}`, name, resourceType: 'exposure', role: 'impacted', breaking: false, exposure: { type: 'dashboard', owner, url } };
}

const SQL_DIFF = (name: string, from: string, to: string) => `--- a/models/${name}.sql\n+++ b/models/${name}.sql\n@@ -1,3 +1,3 @@\n select\n-    ${from}\n+    ${to}\n from "main"."stg_orders"\n`;

/** One model changed: 331 of 403 rows changed, and the dashboard reading it. */
export function oneModelChange(): Review {
  const review = base();
  review.changes = [change('customer_revenue')];
  review.builds = [built('customer_revenue'), test('unique_customer_revenue_id', 'customer_revenue'), test('not_null_customer_revenue_id', 'customer_revenue')];
  review.diffs = [diff('customer_revenue', 403, { changed: 331 }, { piiColumns: ['customer_email'] })];
  review.lineage = {
    nodes: [node('customer_revenue', 'changed'), node('stg_orders', 'upstream'), exposure('revenue_dashboard', 'Finance team · finance@example.com', 'https://bi.example.com/revenue')],
    edges: [
      [id('stg_orders'), id('customer_revenue')],
      [id('customer_revenue'), 'exposure.shop.revenue_dashboard'],
    ],
    breaking: [],
    columnImpact: [],
  };
  review.sqlDiffs = { [id('customer_revenue')]: SQL_DIFF('customer_revenue', 'sum(amount) as revenue', 'sum(amount * 1.2) as revenue') };
  return review;
}

/** A column renamed (`amount` → `order_amount`) that two downstream models read. */
export function breakingRename(): Review {
  const review = base();
  review.status = 'failure';
  review.changes = [change('stg_orders')];
  review.impacted = [id('customer_revenue'), id('daily_revenue')];
  review.builds = [built('stg_orders'), built('customer_revenue', 'error', 'Binder Error: Referenced column "amount" not found'), built('daily_revenue', 'error', 'Binder Error: Referenced column "amount" not found'), test('unique_stg_orders_id', 'stg_orders'), test('not_null_customer_revenue_id', 'customer_revenue', 'skipped')];
  review.diffs = [diff('stg_orders', 1200, {}, { schema: { added: [{ name: 'order_amount', dataType: 'DECIMAL(10,2)' }], removed: [{ name: 'amount', dataType: 'DECIMAL(10,2)' }], retyped: [] } })];
  review.lineage = {
    nodes: [node('stg_orders', 'changed', { breaking: true }), node('customer_revenue', 'impacted'), node('daily_revenue', 'impacted'), exposure('revenue_dashboard', 'Finance team', 'https://bi.example.com/revenue')],
    edges: [
      [id('stg_orders'), id('customer_revenue')],
      [id('stg_orders'), id('daily_revenue')],
      [id('customer_revenue'), 'exposure.shop.revenue_dashboard'],
    ],
    breaking: [{ uniqueId: id('stg_orders'), column: 'amount', kind: 'removed', usedBy: [id('customer_revenue'), id('daily_revenue')] }],
    columnImpact: [{ uniqueId: id('stg_orders'), column: 'amount', downstream: [`${id('customer_revenue')}.amount`, `${id('daily_revenue')}.amount`] }],
  };
  review.sqlDiffs = { [id('stg_orders')]: SQL_DIFF('stg_orders', 'amount,', 'amount as order_amount,') };
  return review;
}

/** A unique test fails on the changed model; its failing rows hold e-mail addresses. */
export function failingTest(): Review {
  const review = oneModelChange();
  review.status = 'failure';
  review.builds = [
    built('customer_revenue'),
    test('unique_customer_revenue_customer_email', 'customer_revenue', 'fail', {
      failures: 3,
      failingRows: [
        { customer_email: 'ann@example.com', n_records: 2 },
        { customer_email: 'bob@example.com', n_records: 2 },
        { customer_email: 'cid@example.com', n_records: 3 },
      ],
    }),
    test('not_null_customer_revenue_id', 'customer_revenue'),
  ];
  return review;
}

const pad = (i: number) => String(i).padStart(3, '0');

/** A macro change touches 100 models; five of them change data (model_017, 042, 058, 071, 093); one dashboard reads model_093. */
export function hundredModels(): Review {
  const review = base();
  const names = Array.from({ length: 100 }, (_, i) => `model_${pad(i)}`);
  const changing: Record<string, number> = { model_017: 12, model_042: 4_210, model_058: 1, model_071: 380, model_093: 77 };
  review.changes = names.map((name) => change(name, { reasons: ['macros'], changedMacros: ['macro.shop.cents_to_dollars'] }));
  review.builds = names.flatMap((name) => [built(name), test(`unique_${name}_id`, name)]);
  review.diffs = names.map((name) => diff(name, 10_000, { changed: changing[name] ?? 0 }));
  review.lineage = {
    nodes: [...names.map((name) => node(name, 'changed')), node('stg_orders', 'upstream'), exposure('exec_dashboard', 'CFO office · cfo@example.com', 'https://bi.example.com/exec')],
    edges: [...names.map((name) => [id('stg_orders'), id(name)] as [string, string]), [id('model_093'), 'exposure.shop.exec_dashboard']],
    breaking: [],
    columnImpact: [],
  };
  review.sqlDiffs = Object.fromEntries(names.map((name) => [id(name), SQL_DIFF(name, 'amount / 100 as amount', 'round(amount / 100, 2) as amount')]));
  return review;
}

/** 600 models: 20 changed (three change data, one fails to build, one fails a test), 580 downstream (mart_400's data changes), two dashboards. */
export function sixHundredModels(): Review {
  const review = base();
  review.status = 'failure';
  const changed = Array.from({ length: 20 }, (_, i) => `stg_${pad(i)}`);
  const downstream = Array.from({ length: 580 }, (_, i) => `mart_${pad(i)}`);
  review.changes = changed.map((name) => change(name));
  review.impacted = downstream.map(id);
  review.builds = [
    ...changed.map((name) => (name === 'stg_013' ? built(name, 'error', 'Parser Error: syntax error at or near "form"') : built(name))),
    ...downstream.map((name) => built(name)),
    ...changed.map((name) => test(`unique_${name}_id`, name, name === 'stg_005' ? 'fail' : name === 'stg_013' ? 'skipped' : 'pass', name === 'stg_005' ? { failures: 2, failingRows: [{ id: 8, n_records: 2 }] } : {})),
  ];
  const changing: Record<string, number> = { stg_002: 5_000, stg_009: 20, stg_017: 300 };
  review.diffs = [...changed.filter((name) => name !== 'stg_013').map((name) => diff(name, 50_000, { changed: changing[name] ?? 0 })), ...downstream.map((name) => diff(name, 900, { changed: name === 'mart_400' ? 15 : 0 }))];
  review.lineage = {
    nodes: [
      ...changed.map((name) => node(name, 'changed')),
      ...downstream.map((name) => node(name, 'impacted')),
      exposure('ops_dashboard', 'Ops · ops@example.com', 'https://bi.example.com/ops'),
      exposure('churn_notebook', 'Data science', 'https://notebooks.example.com/churn'),
    ],
    edges: [
      ...downstream.map((name, i) => [id(changed[i % 20]!), id(name)] as [string, string]),
      [id('mart_579'), 'exposure.shop.ops_dashboard'],
      [id('mart_013'), 'exposure.shop.churn_notebook'],
    ],
    breaking: [],
    columnImpact: [],
  };
  review.sqlDiffs = Object.fromEntries(changed.map((name) => [id(name), SQL_DIFF(name, 'status', "coalesce(status, 'unknown') as status")]));
  return review;
}

export const GOLDEN_REVIEWS = {
  'one-model-change': oneModelChange,
  'breaking-rename': breakingRename,
  'failing-test': failingTest,
  'hundred-models-five-data-changes': hundredModels,
  'six-hundred-models': sixHundredModels,
} as const;
