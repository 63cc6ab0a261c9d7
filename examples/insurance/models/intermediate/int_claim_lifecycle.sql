{#
  One row per claim with the moments of its lifecycle (first of each event type) and where it
  stands: settled, rejected, assessed or open. days_to_settle counts calendar days from filing.
#}
with events as (

    select
        claim_id,
        min(case when event_type = 'assessed' then event_at end) as assessed_at,
        min(case when event_type = 'settled' then event_at end) as settled_at,
        min(case when event_type = 'rejected' then event_at end) as rejected_at,
        max(case when event_type = 'assessed' then amount end) as assessed_amount,
        max(case when event_type = 'settled' then amount end) as paid_amount,
        max(case when event_type = 'settled' then reason end) as settlement_reason,
        max(case when event_type = 'rejected' then reason end) as rejection_reason
    from {{ ref('stg_claim_events') }}
    group by claim_id

)

select
    claims.claim_id,
    claims.policy_id,
    claims.incident_date,
    claims.filed_at,
    claims.claim_type,
    claims.claimed_amount,
    claims.payout_account,
    events.assessed_at,
    events.settled_at,
    events.rejected_at,
    events.assessed_amount,
    events.paid_amount,
    events.settlement_reason,
    events.rejection_reason,
    case
        when events.settled_at is not null then 'settled'
        when events.rejected_at is not null then 'rejected'
        when events.assessed_at is not null then 'assessed'
        else 'open'
    end as claim_status,
    {{ dbt.datediff('cast(claims.filed_at as date)', 'cast(events.settled_at as date)', 'day') }} as days_to_settle
from {{ ref('stg_claims') }} as claims
left join events on events.claim_id = claims.claim_id
