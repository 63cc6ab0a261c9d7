import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/index.js';
import { compileProject } from '../../src/compiler/index.js';
import { macroChecksums } from '../../src/graph/fingerprint.js';
import type { Manifest } from '../../src/graph/types.js';

const fixture = fileURLToPath(new URL('../fixtures/compiler/shop', import.meta.url));

let manifest: Manifest;

beforeAll(async () => {
  const project = await loadProject({ projectDir: fixture, profilesDir: fixture, env: {} });
  manifest = (await compileProject(project)).manifest;
});

describe('a project with a vendored package', () => {
  it('compiles dispatch, return(), do and set blocks to the exact SQL', () => {
    expect(manifest.nodes['model.shop.orders'].compiled_code).toBe(
      [
        'select',
        '    order_id, customer_id,',
        '    round(amount_cents / 100.0, 2) as amount,',
        "    sum(case when method = 'card' then 1 else 0 end) as card_count,",
        "    sum(case when method = 'cash' then 1 else 0 end) as cash_count,",
        "    sum(case when method = 'voucher' then 1 else 0 end) as voucher_count",
        'from "shop"."landing"."orders"',
        'group by 1, 2, 3',
        '',
      ].join('\n'),
    );
  });

  it('records the package macro a model calls (as dbt: the direct call), the one it dispatches to, and one checksum over both', () => {
    const orders = manifest.nodes['model.shop.orders'];
    expect(orders.depends_on.macros).toEqual(['macro.helpers.cents_to_dollars']);
    expect(manifest.macros['macro.helpers.cents_to_dollars'].depends_on.macros).toEqual(['macro.helpers.duckdb__cents_to_dollars']);
    expect(orders.dailies.checksums.macros).toMatch(/^[0-9a-f]{64}$/);
    // the checksum covers the dispatched-to macro too (the list of every call is not written)
    const called = Object.keys(macroChecksums(orders, manifest, true)).sort();
    expect(called).toEqual(['macro.helpers.cents_to_dollars', 'macro.helpers.duckdb__cents_to_dollars']);
  });

  it('lets the project override generate_schema_name', () => {
    expect(manifest.nodes['model.shop.revenue'].schema).toBe('finance');
    expect(manifest.nodes['model.shop.orders'].schema).toBe('main');
    expect(manifest.nodes['model.shop.revenue'].compiled_code).toBe('select sum(amount) as revenue from "shop"."main"."orders"\n');
  });

  it('runs package-qualified generic tests', () => {
    const test = Object.values(manifest.nodes).find((node) => node.test_metadata?.name === 'expression_is_positive');
    expect(test?.name).toBe('helpers_expression_is_positive_orders_amount');
    expect(test?.test_metadata?.namespace).toBe('helpers');
    expect(test?.compiled_code?.trim()).toBe('select * from "shop"."main"."orders" where not (amount > 0)');
  });
});

describe('the graph global', () => {
  it('lists every enabled node when execute is true', () => {
    expect(manifest.nodes['model.shop.model_count'].compiled_code).toBe("select 'model_count,orders,revenue' as models\n");
  });
});
