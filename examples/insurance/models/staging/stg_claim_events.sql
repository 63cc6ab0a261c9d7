{# One row per claim event, whichever file it arrived in (late events included). #}
with ranked as (

    select
        event_id,
        claim_id,
        lower(trim(event_type)) as event_type,
        event_at,
        amount,
        nullif(trim(reason), '') as reason,
        _load_id as load_id,
        row_number() over (partition by event_id order by _load_id desc) as copy_rank
    from {{ source('raw', 'claim_events') }}
    where event_id is not null and claim_id is not null and event_at is not null

)

select event_id, claim_id, event_type, event_at, amount, reason, load_id
from ranked
where copy_rank = 1
