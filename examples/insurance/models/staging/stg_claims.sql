{#
  One row per claim. The incident date is free text in the claims system: a value that is not an
  ISO date becomes null (and incident_date_raw keeps what was written).
#}
with ranked as (

    select
        claim_id,
        policy_id,
        nullif(trim(incident_date), '') as incident_date_raw,
        filed_at,
        lower(trim(claim_type)) as claim_type,
        claimed_amount,
        trim(payout_account) as payout_account,
        _load_id as load_id,
        row_number() over (partition by claim_id order by _load_id desc) as copy_rank
    from {{ source('raw', 'claims') }}
    where claim_id is not null and filed_at is not null

)

select
    claim_id,
    policy_id,
    try_cast(incident_date_raw as date) as incident_date,
    incident_date_raw,
    filed_at,
    claim_type,
    claimed_amount,
    payout_account,
    load_id
from ranked
where copy_rank = 1
