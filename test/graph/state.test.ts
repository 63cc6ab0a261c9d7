import { describe, expect, it } from 'vitest';
import { changedIds, changesToRecord, compareManifests, formatChanges, summarizeChanges } from '../../src/graph/state.js';
import { selectNodes } from '../../src/graph/selection.js';
import type { Manifest } from '../../src/graph/types.js';
import { ManifestBuilder } from './manifest-builder.js';

interface Variant {
  stgRaw?: string;
  stgMaterialized?: string;
  centsChecksum?: string;
  ordersContract?: string;
  countries?: string;
  sourceDescription?: string;
  withRefunds?: boolean;
  withCustomers?: boolean;
}

/** A small shop project; each test changes one thing between base and head. */
function shop(variant: Variant = {}): Manifest {
  const stgRaw = variant.stgRaw ?? "select id, {{ cents('amount') }} from {{ source('raw', 'orders') }}";
  const builder = new ManifestBuilder('shop')
    .macro('cents', variant.centsChecksum ?? 'c1')
    .macro('unused', 'u1')
    .source('raw', 'orders', { description: variant.sourceDescription ?? 'orders as loaded' })
    .seed('countries', { contents: variant.countries ?? 'csv-1' })
    .model('stg_orders', {
      sources: [['raw', 'orders']],
      raw: stgRaw,
      macros: { 'macro.shop.cents': variant.centsChecksum ?? 'c1' },
      config: { materialized: variant.stgMaterialized ?? 'view' },
    })
    .model('orders', { folder: 'marts', refs: ['stg_orders', 'countries'], contract: variant.ordersContract ?? 'id:int' })
    .model('order_report', { folder: 'marts', refs: ['orders'] });
  if (variant.withCustomers !== false) builder.model('customers', { folder: 'marts', refs: ['stg_orders'] });
  if (variant.withRefunds) builder.model('refunds', { folder: 'marts', refs: ['stg_orders'] });
  return builder.genericTest('not_null', ['stg_orders']).exposure('dash', ['order_report']).build();
}

const base = shop();

describe('compareManifests', () => {
  it("finds an exposure unchanged when one manifest writes its owner's unset keys as null (dbt-core does)", () => {
    const head = shop();
    const exposure = head.exposures['exposure.shop.dash']!;
    exposure.owner = { ...exposure.owner, email: null };
    expect(changedIds(compareManifests(base, head))).toEqual([]);
  });

  it('finds nothing between identical manifests', () => {
    const changes = compareManifests(base, shop());
    expect([...changes.values()].every((c) => c.status === 'unchanged' && c.reasons.length === 0)).toBe(true);
    expect(changes.size).toBe(8);
    expect(changedIds(changes)).toEqual([]);
    expect(formatChanges(changes)).toBe('no changes');
  });

  it('calls a whitespace-or-comment edit that, and leaves the node unchanged', () => {
    const changes = compareManifests(base, shop({ stgRaw: "select id,\n  {{ cents('amount') }} -- in cents\nfrom {{ source('raw', 'orders') }}" }));
    expect(changes.get('model.shop.stg_orders')).toEqual({ status: 'unchanged', reasons: ['whitespace_or_comments'] });
    expect(changedIds(changes)).toEqual([]);
  });

  it('calls a change to the SQL a body change', () => {
    const changes = compareManifests(base, shop({ stgRaw: "select id from {{ source('raw', 'orders') }}" }));
    expect(changes.get('model.shop.stg_orders')).toEqual({ status: 'modified', reasons: ['body'] });
    expect(changes.get('model.shop.customers')).toEqual({ status: 'unchanged', reasons: [] });
  });

  it('calls a change of merged config a config change', () => {
    expect(compareManifests(base, shop({ stgMaterialized: 'table' })).get('model.shop.stg_orders')).toEqual({ status: 'modified', reasons: ['config'] });
  });

  it('names the macros whose change modified a node', () => {
    const changes = compareManifests(base, shop({ centsChecksum: 'c2' }));
    expect(changes.get('model.shop.stg_orders')).toEqual({ status: 'modified', reasons: ['macros'], changedMacros: ['macro.shop.cents'] });
    expect(changes.get('model.shop.orders')?.status).toBe('unchanged');
  });

  it('names a changed macro from the manifests\' macros when the node\'s macros hash differs', () => {
    const head = shop({ centsChecksum: 'c2' });
    expect(head.nodes['model.shop.stg_orders'].dailies.checksums.macros).not.toBe(base.nodes['model.shop.stg_orders'].dailies.checksums.macros);
    // the same macros hash on both sides: nothing to name, whatever the macros say
    const sameHash = shop({ centsChecksum: 'c2' });
    sameHash.nodes['model.shop.stg_orders'].dailies.checksums.macros = base.nodes['model.shop.stg_orders'].dailies.checksums.macros;
    expect(compareManifests(base, sameHash).get('model.shop.stg_orders')).toEqual({ status: 'unchanged', reasons: [] });
  });

  it('sees no config change when only the order of config keys differs', () => {
    const head = shop();
    const node = head.nodes['model.shop.stg_orders'];
    node.config = Object.fromEntries(Object.entries(node.config).reverse()) as typeof node.config;
    expect(JSON.stringify(node.config)).not.toBe(JSON.stringify(base.nodes['model.shop.stg_orders'].config));
    expect(compareManifests(base, head).get('model.shop.stg_orders')).toEqual({ status: 'unchanged', reasons: [] });
    node.config = { ...node.config, schema: 'other' };
    expect(compareManifests(base, head).get('model.shop.stg_orders')).toEqual({ status: 'modified', reasons: ['config'] });
  });

  it('flags a contract change, and its consumers as upstream_contract without modifying them', () => {
    const changes = compareManifests(base, shop({ ordersContract: 'id:bigint' }));
    expect(changes.get('model.shop.orders')).toMatchObject({ status: 'modified', reasons: ['contract'] });
    expect(changes.get('model.shop.order_report')).toEqual({ status: 'unchanged', reasons: ['upstream_contract'], changedContracts: ['model.shop.orders'] });
    expect(changedIds(changes)).toEqual(['model.shop.orders']);
  });

  it('says which contract columns changed and whether that breaks consumers', () => {
    const contractOf = (contract: string): unknown => compareManifests(shop({ ordersContract: 'id:int,amount:int' }), shop({ ordersContract: contract })).get('model.shop.orders')?.contract;
    expect(contractOf('id:int,amount:int,note:text')).toEqual({ enforced: { before: true, after: true }, added: ['note'], removed: [], retyped: [], breaking: false });
    expect(contractOf('id:INT,amount:double')).toEqual({
      enforced: { before: true, after: true },
      added: [],
      removed: [],
      retyped: [{ column: 'amount', from: 'int', to: 'double' }],
      breaking: true,
    });
    expect(contractOf('id:int')).toMatchObject({ removed: ['amount'], breaking: true });
  });

  it('flags new seed contents', () => {
    expect(compareManifests(base, shop({ countries: 'csv-2' })).get('seed.shop.countries')).toEqual({ status: 'modified', reasons: ['seed_contents'] });
  });

  it('reports new and removed nodes', () => {
    const changes = compareManifests(base, shop({ withRefunds: true, withCustomers: false }));
    expect(changes.get('model.shop.refunds')).toEqual({ status: 'new', reasons: [] });
    expect(changes.get('model.shop.customers')).toEqual({ status: 'removed', reasons: [] });
    expect(summarizeChanges(changes)).toEqual({ new: 1, modified: 0, removed: 1, unchanged: 7 });
    expect(JSON.parse(JSON.stringify(changesToRecord(changes)))['model.shop.refunds']).toEqual({ status: 'new', reasons: [] });
  });

  it('treats a source description change as a config change', () => {
    expect(compareManifests(base, shop({ sourceDescription: 'raw orders' })).get('source.shop.raw.orders')).toEqual({ status: 'modified', reasons: ['config'] });
  });

  it('lists several reasons in a fixed order', () => {
    const changes = compareManifests(base, shop({ stgMaterialized: 'table', stgRaw: 'select 1', centsChecksum: 'c9' }));
    expect(changes.get('model.shop.stg_orders')?.reasons).toEqual(['body', 'config', 'macros']);
  });

  it('prints the changes one per line, plainly unchanged nodes left out', () => {
    const head = shop({ stgRaw: 'select 2', centsChecksum: 'c2', withRefunds: true, withCustomers: false, ordersContract: 'id:text' });
    expect(formatChanges(compareManifests(base, head))).toBe(
      [
        'removed   model.shop.customers',
        'unchanged model.shop.order_report  upstream_contract (model.shop.orders)',
        'modified  model.shop.orders        contract (breaking; id int → text)',
        'new       model.shop.refunds',
        'modified  model.shop.stg_orders    body, macros (macro.shop.cents)',
      ].join('\n'),
    );
  });

  /** What dbt-core writes: no dailies fields. */
  const strip = (manifest: Manifest): Manifest => {
    for (const node of Object.values(manifest.nodes)) delete (node as { dailies?: unknown }).dailies;
    return manifest;
  };

  it('compares manifests without dailies checksums (as dbt-core writes them)', () => {
    expect(changedIds(compareManifests(strip(shop()), strip(shop())))).toEqual([]);
    const changes = compareManifests(strip(shop()), strip(shop({ stgRaw: "select id,  {{ cents('amount') }}  from {{ source('raw', 'orders') }} -- note" })));
    expect(changes.get('model.shop.stg_orders')).toEqual({ status: 'unchanged', reasons: ['whitespace_or_comments'] });
    expect(compareManifests(strip(shop()), strip(shop({ stgMaterialized: 'table' }))).get('model.shop.stg_orders')?.reasons).toEqual(['config']);
  });

  it('compares a dbt-core base with a dailies head on the fields both have', () => {
    expect(changedIds(compareManifests(strip(shop()), shop()))).toEqual([]);
    const changes = compareManifests(strip(shop()), shop({ centsChecksum: 'c2', stgMaterialized: 'table' }));
    expect(changes.get('model.shop.stg_orders')).toEqual({ status: 'modified', reasons: ['config', 'macros'], changedMacros: ['macro.shop.cents'] });
  });
});

describe('state: selectors', () => {
  const head = shop({ stgMaterialized: 'table', withRefunds: true, countries: 'csv-2', centsChecksum: 'c2' });
  const select = (selector: string): string[] => selectNodes(head, { select: [selector], state: base, indirectSelection: 'empty' });

  it('state:new selects nodes missing from the state manifest', () => {
    expect(select('state:new')).toEqual(['model.shop.refunds']);
  });
  it('state:modified selects new and modified nodes', () => {
    expect(select('state:modified')).toEqual(['model.shop.refunds', 'model.shop.stg_orders', 'seed.shop.countries']);
  });
  it('sub-selectors pick one reason (new nodes count for each)', () => {
    expect(select('state:modified.configs')).toEqual(['model.shop.refunds', 'model.shop.stg_orders']);
    expect(select('state:modified.macros')).toEqual(['model.shop.refunds', 'model.shop.stg_orders']);
    expect(select('state:modified.body')).toEqual(['model.shop.refunds', 'seed.shop.countries']);
    expect(select('state:modified.contract')).toEqual(['model.shop.refunds']);
  });
  it('state:modified+ adds everything downstream', () => {
    expect(select('state:modified+')).toContain('exposure.shop.dash');
    expect(select('state:modified+')).toContain('model.shop.order_report');
  });
  it('state:old and state:unmodified', () => {
    expect(select('state:old')).not.toContain('model.shop.refunds');
    expect(select('state:unmodified')).toEqual(['exposure.shop.dash', 'model.shop.customers', 'model.shop.order_report', 'model.shop.orders', 'source.shop.raw.orders', 'test.shop.not_null_stg_orders_id']);
  });
  it('does not select whitespace-only edits', () => {
    const reformatted = shop({ stgRaw: "select id,\n    {{ cents('amount') }}\nfrom {{ source('raw', 'orders') }}" });
    expect(selectNodes(reformatted, { select: ['state:modified'], state: base })).toEqual([]);
  });
  it('rejects an unknown state value', () => {
    expect(() => select('state:changed')).toThrow("Invalid selector 'state:changed': 'changed' is not a state selector");
  });
});
