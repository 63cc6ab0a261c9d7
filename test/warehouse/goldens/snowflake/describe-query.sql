select * from (
select user_id, movie_id, rating from stg_ratings
) as dailies_describe limit 0
