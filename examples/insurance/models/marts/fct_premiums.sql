{#
  One row per premium instalment paid, with the instalment the policy version in force when it
  fell due asks for (a twelfth of the annual premium) and how late it was paid.
#}
select
    premiums.payment_id,
    premiums.policy_id,
    policies.policyholder_id,
    policies.product_code,
    premiums.due_at,
    premiums.paid_at,
    premiums.period_start,
    premiums.period_end,
    premiums.amount,
    cast(round(versions.annual_premium / 12, 2) as decimal(12, 2)) as expected_amount,
    versions.version_no as version_no_due,
    {{ dbt.datediff('cast(premiums.due_at as date)', 'cast(premiums.paid_at as date)', 'day') }} as days_after_due,
    premiums.payment_method
from {{ ref('stg_premiums') }} as premiums
left join {{ ref('stg_policies') }} as policies on policies.policy_id = premiums.policy_id
left join {{ ref('int_policy_timeline') }} as versions
    on versions.policy_id = premiums.policy_id
   and versions.valid_from <= premiums.due_at
   and (versions.valid_to is null or versions.valid_to > premiums.due_at)
