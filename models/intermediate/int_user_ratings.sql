{#
  Users + ratings: one row per rating of a known movie by a known user, with the user's current
  attributes and signup cohort. Ratings by user ids missing from stg_users are dropped.
#}
with ratings as (

    select * from {{ ref('int_ratings_enriched') }}

),

users as (

    select user_id, country, plan, signup_date from {{ ref('stg_users') }}

)

select
    ratings.rating_id,
    ratings.user_id,
    users.country,
    users.plan,
    users.signup_date,
    cast({{ dbt.date_trunc('month', 'users.signup_date') }} as date) as signup_month,
    ratings.movie_id,
    ratings.rating,
    ratings.rated_at,
    ratings.rated_month
from ratings
inner join users
    on ratings.user_id = users.user_id
