{#
  Each policy's versions as validity intervals: a version is in force from its effective_at until
  the next version's (valid_to null for the version in force now).
#}
select
    policy_version_id,
    policy_id,
    version_no,
    plan,
    sum_insured,
    annual_premium,
    status,
    change_reason,
    effective_at as valid_from,
    lead(effective_at) over (partition by policy_id order by version_no) as valid_to,
    lead(effective_at) over (partition by policy_id order by version_no) is null as is_current
from {{ ref('stg_policy_versions') }}
