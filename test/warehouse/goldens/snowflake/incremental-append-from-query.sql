insert into "ANALYTICS"."MARTS"."FCT_RATINGS" ("USER_ID", "MOVIE_ID", "RATING")
select "USER_ID", "MOVIE_ID", "RATING" from (
select user_id, movie_id, rating from stg_ratings
) as dailies_source
