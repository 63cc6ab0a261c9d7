{#
  One row per movie x genre, splitting the pipe-separated `genres` of stg_movies.
  `(no genres listed)` yields no rows. Positions are unrolled in Jinja (no table functions), so
  the SQL is the same on every warehouse; var('max_genres_per_movie') bounds the split.
#}
{% set max_genres = var('max_genres_per_movie', 10) %}

with movies as (

    select movie_id, genres
    from {{ ref('stg_movies') }}
    where not has_no_genres

),

split as (

    {% for position in range(1, max_genres + 1) %}
    select
        movie_id,
        {{ position }} as genre_position,
        trim({{ dbt.split_part('genres', "'|'", position) }}) as genre
    from movies
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

named as (

    select movie_id, genre, min(genre_position) as genre_position
    from split
    where genre is not null
      and genre <> ''
    group by movie_id, genre

)

select
    {{ dbt.concat(["cast(movie_id as " ~ dbt.type_string() ~ ")", "'|'", "genre"]) }} as movie_genre_id,
    movie_id,
    genre,
    genre_position
from named
