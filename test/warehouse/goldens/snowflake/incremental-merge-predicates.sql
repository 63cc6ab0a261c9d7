merge into "ANALYTICS"."MARTS"."FCT_RATINGS" as DBT_INTERNAL_DEST
using (
select user_id, movie_id, rating from stg_ratings
) as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_SOURCE."USER_ID" = DBT_INTERNAL_DEST."USER_ID") and (DBT_INTERNAL_DEST.rated_at > dateadd(day, -7, current_date))
when matched then update set "RATING" = DBT_INTERNAL_SOURCE."RATING"
when not matched then insert ("USER_ID", "RATING") values (DBT_INTERNAL_SOURCE."USER_ID", DBT_INTERNAL_SOURCE."RATING")
