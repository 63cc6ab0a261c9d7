merge into "ANALYTICS"."MARTS"."FCT_RATINGS" as dailies_target
using (
select distinct "USER_ID" as dailies_key_0, "MOVIE_ID" as dailies_key_1, null as "USER_ID", null as "MOVIE_ID", null as "RATING", 'delete' as dailies_action from "ANALYTICS"."MARTS"."FCT_RATINGS__DAILIES_TMP"
union all
select null as dailies_key_0, null as dailies_key_1, "USER_ID", "MOVIE_ID", "RATING", 'insert' as dailies_action from "ANALYTICS"."MARTS"."FCT_RATINGS__DAILIES_TMP"
) as dailies_source
on (dailies_target."USER_ID" = dailies_source.dailies_key_0 and dailies_target."MOVIE_ID" = dailies_source.dailies_key_1)
when matched and dailies_source.dailies_action = 'delete' then delete
when not matched and dailies_source.dailies_action = 'insert' then insert ("USER_ID", "MOVIE_ID", "RATING") values (dailies_source."USER_ID", dailies_source."MOVIE_ID", dailies_source."RATING")
