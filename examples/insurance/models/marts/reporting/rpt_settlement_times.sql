{# Days from filing to settlement by product and month of settlement: mean, median and 90th percentile. #}
select
    product_code,
    line_of_business,
    cast({{ dbt.date_trunc('month', 'settled_at') }} as date) as settled_month,
    count(*) as claims_settled,
    round(avg(days_to_settle), 1) as avg_days_to_settle,
    percentile_cont(0.5) within group (order by days_to_settle) as p50_days_to_settle,
    percentile_cont(0.9) within group (order by days_to_settle) as p90_days_to_settle,
    sum(case when settled_within_window then 1 else 0 end) as settled_within_window,
    round(sum(paid_amount), 2) as paid_amount
from {{ ref('fct_claims') }}
where claim_status = 'settled'
group by product_code, line_of_business, cast({{ dbt.date_trunc('month', 'settled_at') }} as date)
