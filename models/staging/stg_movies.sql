{#
  One row per movie. The title is split into the title proper and the release year
  (`Toy Story (1995)` -> `Toy Story`, 1995). movieId is an integer in RAW (see _sources.yml).
  Rows without a movie id are dropped; when a movie
  id appears more than once (duplicates, or a later day re-sending it) the most recently loaded
  row wins.
#}
with source as (

    select * from {{ source('raw', 'movies') }}

),

typed as (

    select
        "movieId" as movie_id,
        nullif(trim("title"), '') as title_with_year,
        nullif(trim("genres"), '') as genres,
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
      and title_with_year is not null

)

select
    movie_id,
    {{ title_without_year('title_with_year') }} as title,
    {{ release_year_from_title('title_with_year') }} as release_year,
    title_with_year,
    coalesce(genres, '(no genres listed)') as genres,
    coalesce(genres, '(no genres listed)') = '(no genres listed)' as has_no_genres,
    load_id,
    loaded_at
from ranked
where version_rank = 1
