{#
  Claims that trip at least one fraud rule, with a column per rule and an explanation in words.
  Rules (thresholds are project vars):
    soon_after_start    filed within fraud_days_after_start days of the policy's start
    soon_after_upgrade  filed within fraud_days_after_upgrade days of an upgrade of the policy
    near_sum_insured    claimed at least fraud_near_sum_insured_share of the sum insured (not life:
                        a death claim is the sum insured)
    repeated_claims     the policyholder's fraud_repeated_claims-th claim or later within
                        fraud_repeated_window_days days
    shared_bank_account the payout account receives claims of more than one policyholder
#}
with claims as (

    select * from {{ ref('fct_claims') }}

),

last_upgrade as (

    select claims.claim_id, max(timeline.valid_from) as upgraded_at
    from claims
    inner join {{ ref('int_policy_timeline') }} as timeline
        on timeline.policy_id = claims.policy_id
       and timeline.change_reason = 'upgrade'
       and timeline.valid_from <= claims.filed_at
    group by claims.claim_id

),

recent_claims as (

    select claims.claim_id, count(*) as claims_in_window
    from claims
    inner join claims as earlier
        on earlier.policyholder_id = claims.policyholder_id
       and earlier.filed_at <= claims.filed_at
       and earlier.filed_at > {{ dbt.dateadd('day', -1 * var('fraud_repeated_window_days'), 'claims.filed_at') }}
    group by claims.claim_id

),

accounts as (

    select payout_account, count(distinct policyholder_id) as account_claimants
    from claims
    group by payout_account

),

measured as (

    select
        claims.claim_id,
        claims.policy_id,
        claims.policyholder_id,
        claims.product_code,
        claims.filed_at,
        claims.claimed_amount,
        claims.sum_insured,
        claims.claim_status,
        claims.payout_account,
        {{ dbt.datediff('policies.start_date', 'cast(claims.filed_at as date)', 'day') }} as days_since_start,
        {{ dbt.datediff('cast(last_upgrade.upgraded_at as date)', 'cast(claims.filed_at as date)', 'day') }} as days_since_upgrade,
        coalesce(recent_claims.claims_in_window, 1) as claims_in_window,
        accounts.account_claimants
    from claims
    left join {{ ref('stg_policies') }} as policies on policies.policy_id = claims.policy_id
    left join last_upgrade on last_upgrade.claim_id = claims.claim_id
    left join recent_claims on recent_claims.claim_id = claims.claim_id
    left join accounts on accounts.payout_account = claims.payout_account

),

flagged as (

    select
        *,
        coalesce(days_since_start <= {{ var('fraud_days_after_start') }}, false) as flag_soon_after_start,
        coalesce(days_since_upgrade <= {{ var('fraud_days_after_upgrade') }}, false) as flag_soon_after_upgrade,
        coalesce(product_code <> 'LIF' and claimed_amount >= {{ var('fraud_near_sum_insured_share') }} * sum_insured, false) as flag_near_sum_insured,
        claims_in_window >= {{ var('fraud_repeated_claims') }} as flag_repeated_claims,
        coalesce(account_claimants >= 2, false) as flag_shared_bank_account
    from measured

)

select
    claim_id,
    policy_id,
    policyholder_id,
    product_code,
    filed_at,
    claimed_amount,
    sum_insured,
    claim_status,
    flag_soon_after_start,
    flag_soon_after_upgrade,
    flag_near_sum_insured,
    flag_repeated_claims,
    flag_shared_bank_account,
    cast(flag_soon_after_start as integer) + cast(flag_soon_after_upgrade as integer) + cast(flag_near_sum_insured as integer)
        + cast(flag_repeated_claims as integer) + cast(flag_shared_bank_account as integer) as signal_count,
    rtrim(
        case when flag_soon_after_start then 'filed ' || cast(days_since_start as {{ dbt.type_string() }}) || ' days after the policy started; ' else '' end
        || case when flag_soon_after_upgrade then 'filed ' || cast(days_since_upgrade as {{ dbt.type_string() }}) || ' days after an upgrade; ' else '' end
        || case when flag_near_sum_insured then 'claims ' || cast(round(100 * claimed_amount / sum_insured, 1) as {{ dbt.type_string() }}) || '% of the sum insured; ' else '' end
        || case when flag_repeated_claims then 'claim ' || cast(claims_in_window as {{ dbt.type_string() }}) || ' by this policyholder within {{ var("fraud_repeated_window_days") }} days; ' else '' end
        || case when flag_shared_bank_account then 'payout account used by ' || cast(account_claimants as {{ dbt.type_string() }}) || ' policyholders; ' else '' end,
        '; '
    ) as explanation
from flagged
where flag_soon_after_start or flag_soon_after_upgrade or flag_near_sum_insured or flag_repeated_claims or flag_shared_bank_account
