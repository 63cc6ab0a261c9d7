{{ config(materialized='ephemeral') }}
{#
  One row per movie x genre with the genre's group from the genre_groups seed
  (genres missing from the seed fall into 'Other').
#}
with movie_genres as (

    select * from {{ ref('stg_movie_genres') }}

),

genre_groups as (

    select genre, genre_group from {{ ref('genre_groups') }}

)

select
    movie_genres.movie_genre_id,
    movie_genres.movie_id,
    movie_genres.genre,
    movie_genres.genre_position,
    coalesce(genre_groups.genre_group, 'Other') as genre_group
from movie_genres
left join genre_groups
    on movie_genres.genre = genre_groups.genre
