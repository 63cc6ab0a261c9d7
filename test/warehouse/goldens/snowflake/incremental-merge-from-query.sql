merge into "ANALYTICS"."MARTS"."FCT_RATINGS" as dailies_target
using (
select user_id, movie_id, rating from stg_ratings
) as dailies_source
on (dailies_target."USER_ID" = dailies_source."USER_ID" and dailies_target."MOVIE_ID" = dailies_source."MOVIE_ID")
when matched then update set "RATING" = dailies_source."RATING"
when not matched then insert ("USER_ID", "MOVIE_ID", "RATING") values (dailies_source."USER_ID", dailies_source."MOVIE_ID", dailies_source."RATING")
