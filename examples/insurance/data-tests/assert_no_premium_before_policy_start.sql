-- No premium instalment falls due before its policy started.
select premiums.*
from {{ ref('fct_premiums') }} as premiums
inner join {{ ref('dim_policy') }} as policies on policies.policy_id = premiums.policy_id
where cast(premiums.due_at as date) < policies.start_date
