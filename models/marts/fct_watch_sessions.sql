{{
    config(
        materialized='incremental',
        unique_key='watch_session_id',
        incremental_strategy='merge',
        on_schema_change='fail'
    )
}}
{#
  One row per viewing (session) of a known movie. Incremental on loaded_at, merged on
  watch_session_id.
#}
with watch_events as (

    select * from {{ ref('stg_watch_events') }}

    {% if is_incremental() %}
    where loaded_at > (select max(loaded_at) from {{ this }})
    {% endif %}

),

movies as (

    select movie_id from {{ ref('stg_movies') }}

)

select
    watch_events.watch_event_id as watch_session_id,
    watch_events.user_id,
    watch_events.movie_id,
    watch_events.started_at,
    cast({{ dbt.date_trunc('day', 'watch_events.started_at') }} as date) as watched_date,
    cast({{ dbt.date_trunc('month', 'watch_events.started_at') }} as date) as watched_month,
    watch_events.seconds_watched,
    {{ seconds_to_hours('watch_events.seconds_watched', 4) }} as hours_watched,
    watch_events.device,
    watch_events.country,
    watch_events.loaded_at
from watch_events
inner join movies
    on watch_events.movie_id = movies.movie_id
