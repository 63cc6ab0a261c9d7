{#
  One row per user x day they watched something: sessions, seconds and distinct movies.
  Viewings of movie ids missing from stg_movies are dropped, as in fct_watch_sessions.
#}
with watch_events as (

    select * from {{ ref('stg_watch_events') }}

),

movies as (

    select movie_id from {{ ref('stg_movies') }}

)

select
    watch_events.user_id,
    cast({{ dbt.date_trunc('day', 'watch_events.started_at') }} as date) as watched_date,
    count(*) as session_count,
    cast(sum(watch_events.seconds_watched) as bigint) as seconds_watched,
    count(distinct watch_events.movie_id) as distinct_movies,
    count(distinct watch_events.device) as distinct_devices
from watch_events
inner join movies
    on watch_events.movie_id = movies.movie_id
group by 1, 2
