create or replace temporary table "ANALYTICS"."MARTS"."FCT_RATINGS__DAILIES_TMP" as (
select "USER_ID", "MOVIE_ID", "RATING" from (
select user_id, movie_id, rating from stg_ratings
) as dailies_source
)
