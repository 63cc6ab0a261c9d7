{#
  Customers by age band x risk profile x product: how many, the premium they pay, the premium
  earned and claims paid so far, and the loss ratio (claims paid / premium earned).
#}
with policies as (

    select
        policies.policy_id,
        policies.product_code,
        policies.status,
        policies.annual_premium,
        holders.policyholder_id,
        holders.age_band,
        holders.risk_profile
    from {{ ref('dim_policy') }} as policies
    inner join {{ ref('dim_policyholder') }} as holders on holders.policyholder_id = policies.policyholder_id

),

earned as (

    select policy_id, sum(amount) as premium_earned
    from {{ ref('fct_premiums') }}
    group by policy_id

),

paid as (

    select policy_id, sum(paid_amount) as claims_paid, count(*) as claims_filed
    from {{ ref('fct_claims') }}
    group by policy_id

)

select
    policies.age_band,
    policies.risk_profile,
    policies.product_code,
    count(distinct policies.policyholder_id) as policyholders,
    count(*) as policies,
    sum(case when policies.status = 'active' then 1 else 0 end) as active_policies,
    sum(case when policies.status = 'active' then policies.annual_premium else 0 end) as annual_premium_in_force,
    coalesce(sum(earned.premium_earned), 0) as premium_earned,
    coalesce(sum(paid.claims_filed), 0) as claims_filed,
    coalesce(sum(paid.claims_paid), 0) as claims_paid,
    round(coalesce(sum(paid.claims_paid), 0) / nullif(sum(earned.premium_earned), 0), 4) as loss_ratio
from policies
left join earned on earned.policy_id = policies.policy_id
left join paid on paid.policy_id = policies.policy_id
group by policies.age_band, policies.risk_profile, policies.product_code
