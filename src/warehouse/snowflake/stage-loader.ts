/**
 * `dailies load` from an S3 landing zone on Snowflake: Snowflake reads each object itself through
 * an external stage; nothing is downloaded. Per file, inside the file's transaction (ingest/load.ts
 * takes the load id and writes the ledger row in the same one): COPY the one file into the RAW
 * table's transient staging table, INSERT … SELECT the staged rows into RAW with the load id, empty
 * the staging table (one per RAW table and run, dropped at the end of the run; a killed run leaves
 * its own, empty once Snowflake rolls the killed transaction back). A bad row aborts the COPY
 * (ON_ERROR = ABORT_STATEMENT), the transaction rolls back, and the error names the file, line and
 * column Snowflake reports.
 *
 * The stage: `load_stage` of the target (default `_DAILIES_LANDING` in the RAW schema). When it does
 * not exist it is created (`create stage if not exists … url = 's3://…/' storage_integration = …`)
 * with the target's `load_storage_integration`; an existing stage must point at the zone.
 */
import { randomBytes } from 'node:crypto';
import { DailiesError } from '../../errors.js';
import { CsvValueError, type CsvLoadOptions, type Relation, type StageLoader, type TransactionScope } from '../adapter.js';
import { dialectFor } from '../dialect.js';
import { copyFileSql, createStageSql, createStagingTableSql, dropStagingSql, emptyStagingSql, insertFromStagingSql, showStageSql, stageUrl } from './copy-sql.js';
import { quote, schemaName } from './ddl.js';
import { norm } from './introspection.js';
import { SnowflakeError } from './errors.js';

const dialect = dialectFor('snowflake');

/** The target's settings for loading from S3 (profile keys `load_storage_integration`, `load_stage`). */
export interface SnowflakeLoadSettings {
  storageIntegration: string | null;
  /** `name`, `schema.name` or `database.schema.name`; default `_DAILIES_LANDING` in the RAW schema. */
  stage: string | null;
}

export const DEFAULT_STAGE = '_DAILIES_LANDING';

type Query = (sql: string) => Promise<{ rows: Record<string, unknown>[] }>;

function stageParts(settings: SnowflakeLoadSettings, database: string, schema: string): [string, string, string] {
  const parts = (settings.stage ?? DEFAULT_STAGE).split('.').map((part) => part.trim().replace(/^"(.*)"$/, '$1'));
  if (parts.length === 1) return [database, schema, parts[0]!];
  if (parts.length === 2) return [database, parts[0]!, parts[1]!];
  return [parts[0]!, parts[1]!, parts.slice(2).join('.')];
}

const sameUrl = (a: string, b: string): boolean => stageUrl(a.trim().replace(/^\["?|"?\]$/g, '')).toLowerCase() === stageUrl(b).toLowerCase();

/** Finds or creates the stage on `zone`; refuses one that points elsewhere, or a missing one with no integration to create it with. */
export async function openStageLoader(query: Query, database: string, settings: SnowflakeLoadSettings, zone: string, schema: string): Promise<StageLoader> {
  const [stageDatabase, stageSchema, stageName] = stageParts(settings, database, schema);
  const stage = `${schemaName(stageDatabase, stageSchema)}.${quote(stageName)}`;
  const shown = `${norm(stageDatabase)}.${norm(stageSchema)}.${norm(stageName)}`;
  const { rows } = await query(showStageSql(schemaName(stageDatabase, stageSchema), norm(stageName)));
  const existing = rows.find((row) => String(row.name ?? row.NAME) === norm(stageName));
  if (existing) {
    const url = String(existing.url ?? existing.URL ?? '');
    if (!sameUrl(url, zone)) {
      throw new DailiesError('config', `stage ${shown} reads ${url || '(no URL)'}, not the landing zone ${stageUrl(zone)}; nothing was loaded`, {
        hint: `name another stage with \`load_stage:\` in the target, or point this one at the zone (\`create or replace stage ${shown} url = '${stageUrl(zone)}' storage_integration = …\`)`,
      });
    }
  } else {
    if (!settings.storageIntegration) {
      throw new DailiesError('config', `loading ${stageUrl(zone)} into Snowflake needs an external stage: stage ${shown} does not exist and the target has no load_storage_integration to create it with; nothing was loaded`, {
        hint: 'set `load_storage_integration: <integration>` in the target (a STORAGE INTEGRATION that may read the bucket; see docs/snowflake.md), or create the stage yourself and name it with `load_stage:`',
      });
    }
    await query(createStageSql(stage, zone, settings.storageIntegration));
  }
  return new SnowflakeStageLoader(query, stage, shown);
}

class SnowflakeStageLoader implements StageLoader {
  readonly description: string;
  /** Staging tables made in this run, by rendered RAW relation → rendered staging table. */
  private readonly staging = new Map<string, string>();
  /**
   * In the staging tables' names: each run has its own, so a run never touches the staging table of
   * a killed one, whose detached transaction may still hold it locked until Snowflake aborts it.
   */
  private readonly runId = randomBytes(4).toString('hex');

  constructor(
    private readonly query: Query,
    private readonly stage: string,
    shown: string,
  ) {
    this.description = `stage ${shown}`;
  }

  private stagingOf(target: Relation): string {
    return dialect.renderRelation({ ...target, identifier: `_dailies_stage_${target.identifier}_${this.runId}` });
  }

  async prepare(tx: TransactionScope, target: Relation, options: CsvLoadOptions): Promise<void> {
    const rendered = dialect.renderRelation(target);
    if (this.staging.has(rendered)) return;
    const staging = this.stagingOf(target);
    await tx.execute(createStagingTableSql(staging, options.columns, options.types ?? {}));
    this.staging.set(rendered, staging);
  }

  async load(tx: TransactionScope, target: Relation, key: string, options: CsvLoadOptions): Promise<number> {
    const rendered = dialect.renderRelation(target);
    const staging = this.staging.get(rendered);
    if (!staging) throw new DailiesError('internal', `no staging table was prepared for ${rendered}`, { hint: 'call prepare() before load()' });
    let copied: { rows: Record<string, unknown>[] };
    try {
      copied = await tx.execute(copyFileSql(staging, this.stage, key));
    } catch (error) {
      throw copyError(error, key, options);
    }
    const statuses = copied.rows.map((row) => String(row.status ?? row.STATUS ?? ''));
    if (!statuses.includes('LOADED')) {
      throw new DailiesError('load', `${this.description} did not load ${key} (${statuses.join(', ') || 'no file processed'}); nothing of it was loaded`, {
        place: { file: key },
        hint: 'check that the object still exists and that the stage\'s storage integration may read it',
      });
    }
    const inserted = await tx.execute(insertFromStagingSql(rendered, staging, options.columns, options.extraColumns ?? {}));
    await tx.execute(emptyStagingSql(staging));
    const copiedRows = copied.rows.reduce((sum, row) => sum + Number(row.rows_loaded ?? row.ROWS_LOADED ?? 0), 0);
    return inserted.rowsAffected ?? copiedRows;
  }

  async close(): Promise<void> {
    const tables = [...this.staging.values()];
    this.staging.clear();
    for (const staging of tables) await this.query(dropStagingSql(staging)).catch(() => undefined);
  }
}

const NOT_RECOGNIZED = /^(?:Numeric value|Date|Timestamp|Time|Boolean value|Timestamp value) '([\s\S]*?)' (is not recognized|is out of range)/m;
const AT_LINE = /File '([^']*)', line (\d+), character (\d+)/;
const AT_COLUMN = /column "[^"]*"\["((?:[^"]|"")+)":(\d+)\]/;

/**
 * Snowflake's COPY error for a bad row → a CsvValueError (a value that does not convert, with its
 * line and header column) or a load error placed at the file and line; other errors pass through.
 */
export function copyError(error: unknown, key: string, options: CsvLoadOptions): unknown {
  if (!(error instanceof SnowflakeError)) return error;
  const message = error.message.replace(/^\d{6} \([0-9A-Z]{5}\): /, '').split('\n  while running:')[0] as string;
  const at = AT_LINE.exec(message);
  if (!at) return error;
  const line = Number(at[2]);
  const stored = AT_COLUMN.exec(message)?.[1]?.replaceAll('""', '"');
  const column = stored === undefined ? undefined : (options.columns.find((name) => norm(name) === stored) ?? stored);
  const value = NOT_RECOGNIZED.exec(message);
  if (value && column !== undefined) {
    const dataType = options.types?.[column] ?? 'varchar';
    return new CsvValueError({ file: key, line, column, value: value[1] as string, dataType, ...(value[2] === 'is out of range' ? { misfit: 'out-of-range' as const } : {}) }, error);
  }
  const first = message.split('\n')[0] as string;
  return new DailiesError('load', `line ${line} of ${key}${column ? `, column ${column}` : ''}: ${first}; nothing from this file was loaded`, {
    place: { file: key, line },
    hint: /number of columns/i.test(first) ? 'every row must have as many fields as the header (quote values that contain a comma)' : 'fix the row in the file and load again',
    cause: error,
  });
}
