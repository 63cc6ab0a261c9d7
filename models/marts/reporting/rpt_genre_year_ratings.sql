{#
  The genre x release-year heat map: one row per genre and release year with the ratings its
  movies received. A movie with several genres counts in each of them; movies without a release
  year or without genres are left out. Only ratings of known movies (fct_ratings) count.
#}
with ratings as (

    select movie_id, user_id, rating from {{ ref('fct_ratings') }}

),

movies as (

    select movie_id, release_year from {{ ref('dim_movies') }}
    where release_year is not null

),

movie_genres as (

    select movie_id, genre, genre_group from {{ ref('int_movie_genres') }}

)

select
    {{ dbt.concat(["movie_genres.genre", "'|'", "cast(movies.release_year as " ~ dbt.type_string() ~ ")"]) }} as genre_year_id,
    movie_genres.genre,
    movie_genres.genre_group,
    movies.release_year,
    count(*) as rating_count,
    count(distinct ratings.movie_id) as movie_count,
    count(distinct ratings.user_id) as rater_count,
    sum(ratings.rating) as rating_sum,
    round(avg(cast(ratings.rating as double)), 3) as avg_rating
from ratings
inner join movies
    on ratings.movie_id = movies.movie_id
inner join movie_genres
    on ratings.movie_id = movie_genres.movie_id
group by movie_genres.genre, movie_genres.genre_group, movies.release_year
