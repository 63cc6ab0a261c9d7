create or replace view "ANALYTICS"."MARTS"."V_RATINGS" as (
select user_id, movie_id, rating from stg_ratings
)
