{# One row per policy: its state in the newest extract. #}
with ranked as (

    select
        policy_id,
        policyholder_id,
        agent_id,
        upper(trim(product_code)) as product_code,
        lower(trim(plan)) as plan,
        sum_insured,
        annual_premium,
        lower(trim(status)) as status,
        start_date,
        updated_at,
        _load_id as load_id,
        row_number() over (partition by policy_id order by updated_at desc, _load_id desc) as version_rank
    from {{ source('raw', 'policies') }}
    where policy_id is not null

)

select policy_id, policyholder_id, agent_id, product_code, plan, sum_insured, annual_premium, status, start_date, updated_at, load_id
from ranked
where version_rank = 1
