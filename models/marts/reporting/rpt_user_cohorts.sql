{#
  Monthly active-user cohorts and their rating behaviour: one row per signup-month cohort x
  calendar month in which at least one of its users was active (rated a known movie or watched
  one). cohort_size counts every current user who signed up that month.
#}
with activity as (

    select * from {{ ref('int_user_activity_monthly') }}

),

cohorts as (

    select signup_month, count(*) as cohort_size
    from {{ ref('dim_users') }}
    group by signup_month

),

cohort_months as (

    select
        signup_month,
        activity_month,
        count(*) as active_users,
        cast(sum(case when rating_count > 0 then 1 else 0 end) as bigint) as rating_users,
        cast(sum(rating_count) as bigint) as rating_count,
        sum(rating_sum) as rating_sum,
        cast(sum(session_count) as bigint) as session_count,
        cast(sum(seconds_watched) as bigint) as seconds_watched
    from activity
    group by signup_month, activity_month

)

select
    {{ dbt.concat([
        "cast(cohort_months.signup_month as " ~ dbt.type_string() ~ ")", "'|'",
        "cast(cohort_months.activity_month as " ~ dbt.type_string() ~ ")"
    ]) }} as cohort_month_id,
    cohort_months.signup_month,
    cohort_months.activity_month,
    {{ dbt.datediff('cohort_months.signup_month', 'cohort_months.activity_month', 'month') }} as months_since_signup,
    cohorts.cohort_size,
    cohort_months.active_users,
    round(cast(cohort_months.active_users as double) / cohorts.cohort_size, 4) as active_share,
    cohort_months.rating_users,
    cohort_months.rating_count,
    case
        when cohort_months.rating_count > 0
            then round(cast(cohort_months.rating_sum as double) / cohort_months.rating_count, 3)
    end as avg_rating,
    cohort_months.session_count,
    {{ seconds_to_hours('cohort_months.seconds_watched') }} as hours_watched
from cohort_months
inner join cohorts
    on cohort_months.signup_month = cohorts.signup_month
