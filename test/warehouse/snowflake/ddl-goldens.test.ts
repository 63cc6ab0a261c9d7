/**
 * The Snowflake adapter's DDL and DML, pinned as golden .sql files (test/warehouse/goldens/snowflake/).
 * To accept a deliberate change: UPDATE_GOLDENS=1 npx vitest run test/warehouse/snowflake/ddl-goldens.test.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dialectFor } from '../../../src/warehouse/dialect.js';
import * as ddl from '../../../src/warehouse/snowflake/ddl.js';

const dir = join(import.meta.dirname, '..', 'goldens', 'snowflake');
const render = dialectFor('snowflake').renderRelation;
const target = render({ database: 'analytics', schema: 'marts', identifier: 'fct_ratings' });
const staged = render({ database: 'analytics', schema: 'marts', identifier: 'fct_ratings__dailies_tmp' });
const select = 'select user_id, movie_id, rating from stg_ratings';

const statements: Record<string, string> = {
  'create-schema-transient': ddl.createSchemaSql('analytics', 'pr_12', true),
  'drop-schema': ddl.dropSchemaSql('analytics', 'pr_12'),
  'clone-schema': ddl.cloneSchemaSql('analytics', 'marts_wap_1a2b3c4d', 'marts'),
  'swap-schema': ddl.swapSchemaSql('analytics', 'marts', 'marts_wap_1a2b3c4d'),
  'table-transient': ddl.createTableAsSql(target, select, true),
  'table-permanent': ddl.createTableAsSql(target, select, false),
  view: ddl.createViewAsSql(render({ database: 'analytics', schema: 'marts', identifier: 'v_ratings' }), select),
  'swap-table': ddl.swapTableSql(target, staged),
  'rename-table': ddl.renameRelationSql(staged, target, 'table'),
  'clone-table': ddl.cloneTableSql(target, render({ database: 'analytics', schema: 'pr_12', identifier: 'fct_ratings' })),
  'contract-table': ddl.createContractTableSql(target, [
    { name: 'user_id', dataType: 'NUMBER(38,0)', constraints: [{ type: 'not_null' }, { type: 'primary_key' }] },
    { name: 'rating', dataType: 'NUMBER(2,1)', constraints: [{ type: 'check', expression: 'rating between 0 and 5' }] },
  ], true),
  'contract-table-as': ddl.createContractTableAsSql(target, [
    { name: 'user_id', dataType: 'NUMBER(38,0)', constraints: [{ type: 'not_null' }] },
    { name: 'rating', dataType: 'NUMBER(2,1)', constraints: [] },
  ], select, true),
  'contract-table-foreign-keys': ddl.createContractTableSql(target, [
    { name: 'user_id', dataType: 'NUMBER(38,0)', constraints: [{ type: 'foreign_key', to: { database: 'analytics', schema: 'marts', identifier: 'dim_users' }, toColumns: ['user_id'] }] },
    { name: 'movie_id', dataType: 'NUMBER(38,0)', constraints: [{ type: 'foreign_key', expression: 'dim_movies (movie_id)' }] },
  ], true, [
    { type: 'primary_key', columns: ['user_id', 'movie_id'] },
    { type: 'foreign_key', name: 'rated_movie', columns: ['movie_id'], to: { database: 'analytics', schema: 'marts', identifier: 'dim_movies' }, toColumns: ['movie_id'] },
    { type: 'check', columns: [], expression: 'rating between 0 and 5' },
  ]),
  'describe-query': ddl.describeQuerySql(select),
  'incremental-merge-from-query': ddl.mergeFromQuerySql(target, select, ['user_id', 'movie_id'], ['user_id', 'movie_id', 'rating'], ['rating']),
  'incremental-append-from-query': ddl.appendFromQuerySql(target, select, ['user_id', 'movie_id', 'rating']),
  'snapshot-stage': ddl.createTemporaryTableAsSql(render({ database: 'analytics', schema: 'snapshots', identifier: 'users_snapshot__dailies_snapshot_src' }), 'select sbq.*, user_id as dbt_unique_key_1 from (select * from users) sbq'),
  'snapshot-inspect': ddl.snapshotInspectSql(render({ database: 'analytics', schema: 'snapshots', identifier: 'users_snapshot__dailies_snapshot_src' }), ['dbt_unique_key_1']),
  'snapshot-merge': ddl.snapshotMergeSql(render({ database: 'analytics', schema: 'snapshots', identifier: 'users_snapshot' }), 'select * from changes', ['user_id', 'country', 'dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']),
  'incremental-merge': ddl.mergeIntoSql(target, staged, ['user_id', 'movie_id'], ['user_id', 'movie_id', 'rating'], ['rating']),
  'incremental-delete': ddl.deleteMatchingSql(target, staged, ['user_id', 'movie_id']),
  'incremental-merge-predicates': ddl.mergeFromQuerySql(target, select, ['user_id'], ['user_id', 'rating'], ['rating'], ['DBT_INTERNAL_DEST.rated_at > dateadd(day, -7, current_date)']),
  'incremental-delete-predicates': ddl.deleteMatchingSql(target, staged, ['user_id'], ['rated_at > dateadd(day, -7, current_date)']),
  'header-table': ddl.withSqlHeader("alter session set timezone = 'UTC';", ddl.createTableAsSql(target, select, true)),
  'incremental-insert': ddl.insertFromRelationSql(target, staged, ['user_id', 'movie_id', 'rating']),
  'incremental-delete-insert-stage': ddl.stageQueryColumnsSql(staged, select, ['user_id', 'movie_id', 'rating']),
  'incremental-delete-insert-merge': ddl.deleteInsertMergeSql(target, staged, ['user_id', 'movie_id'], ['user_id', 'movie_id', 'rating']),
  'incremental-microbatch-delete': ddl.deleteBatchSql(target, { eventTime: 'rated_at', start: '2025-01-01 00:00:00+00:00', end: '2025-01-02 00:00:00+00:00' }, ['DBT_INTERNAL_TARGET.rating > 0']),
  'incremental-microbatch-insert': ddl.insertBatchSql(target, staged, ['user_id', 'movie_id', 'rating']),
  'incremental-insert-overwrite': ddl.insertOverwriteSql(target, staged, ['user_id', 'movie_id', 'rating']),
  'add-column': ddl.addColumnSql(target, 'rated_at', 'TIMESTAMP_NTZ'),
  'alter-column-type': ddl.alterColumnTypeSql(target, 'rating', 'NUMBER(3,1)'),
};

describe('Snowflake DDL goldens', () => {
  for (const [name, sql] of Object.entries(statements)) {
    it(`${name}.sql`, () => {
      const file = join(dir, `${name}.sql`);
      if (process.env.UPDATE_GOLDENS === '1') {
        mkdirSync(dir, { recursive: true });
        writeFileSync(file, `${sql}\n`);
      }
      expect(`${sql}\n`).toBe(readFileSync(file, 'utf8'));
    });
  }
});
