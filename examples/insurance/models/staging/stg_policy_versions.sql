{# One row per policy version, whichever file it arrived in. #}
with ranked as (

    select
        policy_id,
        version_no,
        effective_at,
        lower(trim(plan)) as plan,
        sum_insured,
        annual_premium,
        lower(trim(status)) as status,
        lower(trim(change_reason)) as change_reason,
        _load_id as load_id,
        row_number() over (partition by policy_id, version_no order by _load_id desc) as copy_rank
    from {{ source('raw', 'policy_versions') }}
    where policy_id is not null and version_no is not null and effective_at is not null

)

select
    {{ composite_key(['policy_id', 'version_no']) }} as policy_version_id,
    policy_id, version_no, effective_at, plan, sum_insured, annual_premium, status, change_reason, load_id
from ranked
where copy_rank = 1
