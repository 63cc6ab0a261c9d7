{#
  One row per claim: its lifecycle, amounts, the policy version in force on the incident date
  (status and sum insured) and at filing, and whether it was settled within the product's
  mandated window.
#}
with claims as (

    select * from {{ ref('int_claim_lifecycle') }}

),

timeline as (

    select * from {{ ref('int_policy_timeline') }}

)

select
    claims.claim_id,
    claims.policy_id,
    policies.policyholder_id,
    policies.product_code,
    products.line_of_business,
    claims.claim_type,
    claims.incident_date,
    claims.filed_at,
    claims.assessed_at,
    claims.settled_at,
    claims.rejected_at,
    claims.claim_status,
    claims.claimed_amount,
    claims.assessed_amount,
    claims.paid_amount,
    at_incident.status as policy_status_at_incident,
    coalesce(at_incident.sum_insured, at_filing.sum_insured) as sum_insured,
    at_filing.plan as plan_at_filing,
    claims.days_to_settle,
    products.settlement_window_days,
    claims.days_to_settle <= products.settlement_window_days as settled_within_window,
    claims.settlement_reason,
    claims.rejection_reason,
    claims.payout_account
from claims
left join {{ ref('stg_policies') }} as policies on policies.policy_id = claims.policy_id
left join {{ ref('products') }} as products on products.product_code = policies.product_code
left join timeline as at_incident
    on at_incident.policy_id = claims.policy_id
   and at_incident.valid_from <= cast(claims.incident_date as timestamp)
   and (at_incident.valid_to is null or at_incident.valid_to > cast(claims.incident_date as timestamp))
left join timeline as at_filing
    on at_filing.policy_id = claims.policy_id
   and at_filing.valid_from <= claims.filed_at
   and (at_filing.valid_to is null or at_filing.valid_to > claims.filed_at)
