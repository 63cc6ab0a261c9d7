{#
  One row per premium instalment paid. Reversals (negative amounts written by the payment
  system under their own id) and zero amounts are dropped; duplicates collapse.
#}
with ranked as (

    select
        payment_id,
        policy_id,
        due_at,
        paid_at,
        period_start,
        period_end,
        amount,
        lower(trim(method)) as payment_method,
        _load_id as load_id,
        row_number() over (partition by payment_id order by _load_id desc) as copy_rank
    from {{ source('raw', 'premiums') }}
    where payment_id is not null

)

select payment_id, policy_id, due_at, paid_at, period_start, period_end, amount, payment_method, load_id
from ranked
where copy_rank = 1
  and amount > 0
