{#
  Watch time by country: one row per country the viewing happened in x calendar month, with
  hours watched and active viewers (distinct users with at least one session that month).
  Only sessions of known movies (fct_watch_sessions) count.
#}
with sessions as (

    select * from {{ ref('fct_watch_sessions') }}

),

countries as (

    select * from {{ ref('country_regions') }}

),

monthly as (

    select
        country,
        watched_month,
        count(*) as session_count,
        count(distinct user_id) as active_viewers,
        cast(sum(seconds_watched) as bigint) as seconds_watched
    from sessions
    group by country, watched_month

)

select
    {{ dbt.concat(["coalesce(monthly.country, '??')", "'|'", "cast(monthly.watched_month as " ~ dbt.type_string() ~ ")"]) }} as country_month_id,
    monthly.country,
    countries.country_name,
    coalesce(countries.region, 'Unknown') as region,
    monthly.watched_month,
    monthly.session_count,
    monthly.active_viewers,
    monthly.seconds_watched,
    {{ seconds_to_hours('monthly.seconds_watched') }} as hours_watched,
    round(cast(monthly.seconds_watched as double) / 60.0 / monthly.session_count, 1) as avg_minutes_per_session
from monthly
left join countries
    on monthly.country = countries.country_code
