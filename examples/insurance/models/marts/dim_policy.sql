{# One row per policy in its current state, with its product, agent and how it changed over time. #}
with changes as (

    select
        policy_id,
        count(*) as version_count,
        sum(case when change_reason = 'upgrade' then 1 else 0 end) as upgrade_count,
        sum(case when change_reason = 'downgrade' then 1 else 0 end) as downgrade_count,
        sum(case when change_reason = 'lapse' then 1 else 0 end) as lapse_count,
        max(case when is_current then change_reason end) as last_change_reason
    from {{ ref('int_policy_timeline') }}
    group by policy_id

)

select
    policies.policy_id,
    policies.policyholder_id,
    policies.agent_id,
    agents.branch_id,
    policies.product_code,
    products.line_of_business,
    policies.plan,
    policies.sum_insured,
    policies.annual_premium,
    policies.status,
    policies.start_date,
    coalesce(changes.version_count, 1) as version_count,
    coalesce(changes.upgrade_count, 0) as upgrade_count,
    coalesce(changes.downgrade_count, 0) as downgrade_count,
    coalesce(changes.lapse_count, 0) as lapse_count,
    changes.last_change_reason,
    policies.updated_at
from {{ ref('stg_policies') }} as policies
left join {{ ref('products') }} as products on products.product_code = policies.product_code
left join {{ ref('stg_agents') }} as agents on agents.agent_id = policies.agent_id
left join changes on changes.policy_id = policies.policy_id
