create or replace temporary table "ANALYTICS"."SNAPSHOTS"."USERS_SNAPSHOT__DAILIES_SNAPSHOT_SRC" as (
select sbq.*, user_id as dbt_unique_key_1 from (select * from users) sbq
)
