alter session set timezone = 'UTC';
create or replace transient table "ANALYTICS"."MARTS"."FCT_RATINGS" as (
select user_id, movie_id, rating from stg_ratings
)
