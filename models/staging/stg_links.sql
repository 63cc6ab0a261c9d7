{#
  One row per movie with its IMDb and TMDb ids. imdb_id keeps its zero padding (it is an
  identifier, not a number, so RAW keeps it as text); tmdb_id is null when the CSV cell is empty.
  movieId and tmdbId are typed in RAW (see _sources.yml).
#}
with source as (

    select * from {{ source('raw', 'links') }}

),

typed as (

    select
        "movieId" as movie_id,
        nullif(trim("imdbId"), '') as imdb_id,
        "tmdbId" as tmdb_id,
        "_load_id" as load_id,
        "_loaded_at" as loaded_at
    from source

),

ranked as (

    select
        *,
        row_number() over (
            partition by movie_id
            order by loaded_at desc, load_id desc
        ) as version_rank
    from typed
    where movie_id is not null

)

select
    movie_id,
    imdb_id,
    tmdb_id,
    load_id,
    loaded_at
from ranked
where version_rank = 1
