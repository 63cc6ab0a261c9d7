{#
  One row per rating of a KNOWN movie (ratings of movie ids missing from stg_movies are dropped
  here, and so from every rating mart), with the movie's release year and the calendar parts
  the marts group by.
#}
with ratings as (

    select * from {{ ref('stg_ratings') }}

),

movies as (

    select movie_id, title, release_year from {{ ref('stg_movies') }}

)

select
    ratings.rating_id,
    ratings.user_id,
    ratings.movie_id,
    movies.title,
    movies.release_year,
    ratings.rating,
    ratings.rated_at,
    cast({{ dbt.date_trunc('day', 'ratings.rated_at') }} as date) as rated_date,
    cast({{ dbt.date_trunc('month', 'ratings.rated_at') }} as date) as rated_month,
    ratings.load_id,
    ratings.loaded_at
from ratings
inner join movies
    on ratings.movie_id = movies.movie_id
