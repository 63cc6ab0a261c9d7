{#
  Materialized as a table (staging is otherwise views): the de-duplication window over the
  largest RAW table would otherwise be recomputed by every model and test that reads it.
#}
{{ config(materialized='table') }}
{#
  One row per viewing (ids, start time and seconds typed in RAW, see _sources.yml). Dropped:
  missing ids, missing start times, missing or negative seconds watched, and exact repeats of a row (same user, movie, start, seconds, device and
  country). Two viewings may share a start time and device (playback restarted) and stay.
  Events for movies that do not exist are KEPT here; the marts drop them.
#}
with source as (

    select * from {{ source('raw', 'watch_events') }}

),

typed as (

    select
        "userId" as user_id,
        "movieId" as movie_id,
        "started_at" as started_at,
        cast("seconds_watched" as {{ dbt.type_bigint() }}) as seconds_watched,
        lower(nullif(trim("device"), '')) as device,
        upper(nullif(trim("country"), '')) as country,
        "_load_id" as load_id,
        "_loaded_at" as loaded_at
    from source

),

deduplicated as (

    select
        *,
        row_number() over (
            partition by user_id, movie_id, started_at, seconds_watched, device, country
            order by loaded_at, load_id
        ) as occurrence
    from typed
    where user_id is not null
      and movie_id is not null
      and started_at is not null
      and seconds_watched is not null
      and seconds_watched >= 0

)

select
    {{ dbt.hash(dbt.concat([
        "cast(user_id as " ~ dbt.type_string() ~ ")", "'|'",
        "cast(movie_id as " ~ dbt.type_string() ~ ")", "'|'",
        "cast(started_at as " ~ dbt.type_string() ~ ")", "'|'",
        "cast(seconds_watched as " ~ dbt.type_string() ~ ")", "'|'",
        "coalesce(device, '')", "'|'",
        "coalesce(country, '')"
    ])) }} as watch_event_id,
    user_id,
    movie_id,
    started_at,
    seconds_watched,
    device,
    country,
    load_id,
    loaded_at
from deduplicated
where occurrence = 1
