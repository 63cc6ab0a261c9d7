create or replace transient table "ANALYTICS"."MARTS"."FCT_RATINGS" (
  "USER_ID" NUMBER(38,0) not null,
  "RATING" NUMBER(2,1)
) as (
select "USER_ID", "RATING" from (
select user_id, movie_id, rating from stg_ratings
) as dailies_source
)
