/**
 * Source freshness from Snowflake's metadata (dbt-snowflake's, for a source without
 * `loaded_at_field`): when information_schema says the table last changed, against the
 * warehouse clock. The stand-in reports every table as last altered at the epoch.
 */
import { describe, expect, it } from 'vitest';
import type { Manifest, SourceDefinitionNode } from '../../../src/graph/types.js';
import { checkFreshness } from '../../../src/run/freshness.js';
import { skipReason, useSnowflake } from './helpers.js';

describe.skipIf(skipReason !== null)('Snowflake source freshness from metadata (real snowflake-sdk against the stand-in)', () => {
  const world = useSnowflake();

  it("reads a table's last_altered for a source without loaded_at_field, and fails a table that does not exist", async () => {
    const adapter = await world.open();
    const schema = world.schema('fresh');
    await adapter.createSchema(null, schema);
    await adapter.createTableAs({ database: null, schema, identifier: 'events' }, 'select 1 as id');
    const source = (identifier: string): SourceDefinitionNode =>
      ({
        unique_id: `source.p.raw.${identifier}`,
        name: identifier,
        source_name: 'raw',
        database: null,
        schema,
        identifier,
        relation_name: `"${schema}"."${identifier.toUpperCase()}"`,
        loaded_at_field: null,
        freshness: { warn_after: { count: 1, period: 'hour' }, error_after: { count: 1, period: 'day' }, filter: null },
      }) as unknown as SourceDefinitionNode;
    const manifest = { sources: { 'source.p.raw.events': source('events'), 'source.p.raw.absent': source('absent') } } as unknown as Manifest;
    const run = await checkFreshness(manifest, ['source.p.raw.events', 'source.p.raw.absent'], adapter);
    const [events, absent] = run.results;
    if (world.standIn) expect(events!.max_loaded_at).toBe('1970-01-01T00:00:00.000Z');
    expect(events!.status).toBe(world.standIn ? 'error' : 'pass');
    expect(events!.max_loaded_at_time_ago_in_s).toBeGreaterThanOrEqual(0);
    expect(absent).toMatchObject({ status: 'runtime error', error: expect.stringContaining('does not exist') });
  });
});
