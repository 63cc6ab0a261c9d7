merge into "ANALYTICS"."SNAPSHOTS"."USERS_SNAPSHOT" as dailies_target
using (
select * from changes
) as dailies_changes
on dailies_changes.dbt_scd_id = dailies_target.dbt_scd_id and dailies_changes.dbt_change_type in ('update', 'delete') and dailies_target.dbt_valid_to is null
when matched then update set dbt_valid_to = dailies_changes.dbt_valid_to
when not matched and dailies_changes.dbt_change_type = 'insert' then insert ("USER_ID", "COUNTRY", "DBT_SCD_ID", "DBT_UPDATED_AT", "DBT_VALID_FROM", "DBT_VALID_TO") values (dailies_changes."USER_ID", dailies_changes."COUNTRY", dailies_changes."DBT_SCD_ID", dailies_changes."DBT_UPDATED_AT", dailies_changes."DBT_VALID_FROM", dailies_changes."DBT_VALID_TO")
