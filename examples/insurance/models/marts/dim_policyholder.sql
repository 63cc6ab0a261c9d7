{#
  One row per policyholder: age and age band as of the data's date, region, occupation risk and
  a risk profile (low / medium / high) scored from occupation class, smoking and age, with the
  number of policies held.
#}
with holders as (

    select * from {{ ref('stg_policyholders') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of') }}

),

policy_counts as (

    select
        policyholder_id,
        count(*) as policy_count,
        sum(case when status = 'active' then 1 else 0 end) as active_policy_count,
        min(start_date) as first_policy_date
    from {{ ref('stg_policies') }}
    group by policyholder_id

),

scored as (

    select
        holders.policyholder_id,
        holders.full_name,
        holders.gender,
        holders.date_of_birth,
        {{ whole_years_between('holders.date_of_birth', 'as_of.as_of_date') }} as age,
        branches.region,
        holders.branch_id,
        holders.occupation,
        coalesce(occupations.risk_class, 2) as occupation_risk_class,
        holders.is_smoker,
        holders.bank_account,
        coalesce(policy_counts.policy_count, 0) as policy_count,
        coalesce(policy_counts.active_policy_count, 0) as active_policy_count,
        policy_counts.first_policy_date
    from holders
    cross join as_of
    left join {{ ref('stg_branches') }} as branches on branches.branch_id = holders.branch_id
    left join {{ ref('occupation_risk') }} as occupations on occupations.occupation = holders.occupation
    left join policy_counts on policy_counts.policyholder_id = holders.policyholder_id

)

select
    policyholder_id,
    full_name,
    gender,
    date_of_birth,
    age,
    {{ age_band('age') }} as age_band,
    region,
    branch_id,
    occupation,
    occupation_risk_class,
    is_smoker,
    case
        when (occupation_risk_class - 1) + (case when is_smoker then 2 else 0 end) + (case when age >= 56 then 1 else 0 end) >= 4 then 'high'
        when (occupation_risk_class - 1) + (case when is_smoker then 2 else 0 end) + (case when age >= 56 then 1 else 0 end) >= 2 then 'medium'
        else 'low'
    end as risk_profile,
    bank_account,
    policy_count,
    active_policy_count,
    first_policy_date
from scored
