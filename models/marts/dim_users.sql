{#
  One row per user with their CURRENT attributes (history lives in the users_snapshot
  snapshot), the country's name and region, and lifetime rating and viewing totals.
#}
with users as (

    select * from {{ ref('stg_users') }}

),

countries as (

    select * from {{ ref('country_regions') }}

),

rating_totals as (

    select
        user_id,
        count(*) as rating_count,
        avg(cast(rating as double)) as avg_rating,
        min(rated_at) as first_rated_at,
        max(rated_at) as last_rated_at
    from {{ ref('int_user_ratings') }}
    group by user_id

),

viewing_totals as (

    select
        user_id,
        cast(sum(session_count) as bigint) as watch_session_count,
        cast(sum(seconds_watched) as bigint) as seconds_watched,
        max(watched_date) as last_watched_date
    from {{ ref('int_watch_sessions_daily') }}
    group by user_id

)

select
    users.user_id,
    users.country,
    countries.country_name,
    coalesce(countries.region, 'Unknown') as region,
    users.plan,
    users.signup_date,
    cast({{ dbt.date_trunc('month', 'users.signup_date') }} as date) as signup_month,
    users.updated_at,
    coalesce(rating_totals.rating_count, 0) as rating_count,
    round(rating_totals.avg_rating, 3) as avg_rating,
    rating_totals.first_rated_at,
    rating_totals.last_rated_at,
    coalesce(viewing_totals.watch_session_count, 0) as watch_session_count,
    {{ seconds_to_hours('coalesce(viewing_totals.seconds_watched, 0)') }} as hours_watched,
    viewing_totals.last_watched_date
from users
left join countries
    on users.country = countries.country_code
left join rating_totals
    on users.user_id = rating_totals.user_id
left join viewing_totals
    on users.user_id = viewing_totals.user_id
