{#
  Singular test: users cannot rate before they signed up. Joins fct_ratings to dim_users;
  returns the offending ratings.
#}
select
    ratings.rating_id,
    ratings.user_id,
    ratings.rated_at,
    users.signup_date
from {{ ref('fct_ratings') }} as ratings
inner join {{ ref('dim_users') }} as users
    on ratings.user_id = users.user_id
where cast(ratings.rated_at as date) < users.signup_date
