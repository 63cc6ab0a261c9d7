{#
  One row per user x calendar month in which the user rated a known movie or watched one,
  with that month's rating and viewing totals and the user's signup cohort.
  A user is "active" in a month exactly when they have a row here.
#}
with ratings as (

    select
        user_id,
        rated_month as activity_month,
        count(*) as rating_count,
        sum(rating) as rating_sum
    from {{ ref('int_user_ratings') }}
    group by 1, 2

),

viewing as (

    select
        user_id,
        cast({{ dbt.date_trunc('month', 'watched_date') }} as date) as activity_month,
        cast(sum(session_count) as bigint) as session_count,
        cast(sum(seconds_watched) as bigint) as seconds_watched
    from {{ ref('int_watch_sessions_daily') }}
    group by 1, 2

),

user_months as (

    select user_id, activity_month from ratings
    union
    select user_id, activity_month from viewing

),

users as (

    select
        user_id,
        cast({{ dbt.date_trunc('month', 'signup_date') }} as date) as signup_month
    from {{ ref('stg_users') }}

)

select
    user_months.user_id,
    users.signup_month,
    user_months.activity_month,
    coalesce(ratings.rating_count, 0) as rating_count,
    coalesce(ratings.rating_sum, 0) as rating_sum,
    coalesce(viewing.session_count, 0) as session_count,
    coalesce(viewing.seconds_watched, 0) as seconds_watched
from user_months
inner join users
    on user_months.user_id = users.user_id
left join ratings
    on user_months.user_id = ratings.user_id
   and user_months.activity_month = ratings.activity_month
left join viewing
    on user_months.user_id = viewing.user_id
   and user_months.activity_month = viewing.activity_month
