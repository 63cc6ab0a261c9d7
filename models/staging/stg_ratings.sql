{#
  Materialized as a table (staging is otherwise views): the de-duplication window over the
  largest RAW table would otherwise be recomputed by every model and test that reads it.
#}
{{ config(materialized='table') }}
{#
  One row per valid rating. RAW already holds typed values (see _sources.yml: a value that is
  not a number stops the load). Dropped: rows with a missing user id, movie id, rating or
  timestamp; ratings outside 0.5-5.0 or not on a half star; exact repeats of a
  (user, movie, timestamp) already seen (the first loaded copy is kept).
  Ratings of movies that do not exist are KEPT here; the marts drop them.
#}
with source as (

    select * from {{ source('raw', 'ratings') }}

),

typed as (

    select
        "userId" as user_id,
        "movieId" as movie_id,
        "rating" as rating,
        "timestamp" as rated_at_epoch,
        "_load_id" as load_id,
        "_loaded_at" as loaded_at
    from source

),

valid as (

    select *
    from typed
    where user_id is not null
      and movie_id is not null
      and rated_at_epoch is not null
      and rating is not null
      and rating between 0.5 and 5.0
      and rating * 2 = floor(rating * 2)

),

deduplicated as (

    select
        *,
        row_number() over (
            partition by user_id, movie_id, rated_at_epoch
            order by loaded_at, load_id
        ) as occurrence
    from valid

)

select
    {{ dbt.hash(dbt.concat([
        "cast(user_id as " ~ dbt.type_string() ~ ")", "'|'",
        "cast(movie_id as " ~ dbt.type_string() ~ ")", "'|'",
        "cast(rated_at_epoch as " ~ dbt.type_string() ~ ")"
    ])) }} as rating_id,
    user_id,
    movie_id,
    rating,
    {{ epoch_to_timestamp('rated_at_epoch') }} as rated_at,
    load_id,
    loaded_at
from deduplicated
where occurrence = 1
