select dailies_staged.*, dailies_check.dailies_duplicate_keys
from (select count(*) as dailies_duplicate_keys from (select dbt_unique_key_1 from "ANALYTICS"."SNAPSHOTS"."USERS_SNAPSHOT__DAILIES_SNAPSHOT_SRC" group by dbt_unique_key_1 having count(*) > 1) dailies_duplicates) dailies_check
left join (select * from "ANALYTICS"."SNAPSHOTS"."USERS_SNAPSHOT__DAILIES_SNAPSHOT_SRC" limit 0) dailies_staged on 1 = 1
