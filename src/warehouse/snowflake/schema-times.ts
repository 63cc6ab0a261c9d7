/**
 * When each schema of a database last changed: `information_schema.schemata`'s CREATED and
 * LAST_ALTERED (the newer of the two), for `dailies cleanup --older-than`.
 */
import { quote } from './ddl.js';

export const schemaTimesSql = (database: string): string =>
  `select schema_name, created, last_altered from ${quote(database)}.information_schema.schemata where schema_name <> 'INFORMATION_SCHEMA'`;

function field(row: Record<string, unknown>, name: string): unknown {
  return row[name] ?? row[name.toUpperCase()];
}

function timeOf(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const time = value instanceof Date ? value.getTime() : new Date(String(value)).getTime();
  return Number.isFinite(time) ? time : null;
}

/** Rows of schemaTimesSql → schema and change time; a schema with no readable time is left out (never judged old). */
export function schemaTimesOf(rows: Record<string, unknown>[]): { schema: string; changedAt: Date }[] {
  const times: { schema: string; changedAt: Date }[] = [];
  for (const row of rows) {
    const stamps = [timeOf(field(row, 'created')), timeOf(field(row, 'last_altered'))].filter((time): time is number => time !== null);
    if (stamps.length === 0) continue;
    times.push({ schema: String(field(row, 'schema_name')), changedAt: new Date(Math.max(...stamps)) });
  }
  return times.sort((a, b) => a.schema.localeCompare(b.schema));
}
