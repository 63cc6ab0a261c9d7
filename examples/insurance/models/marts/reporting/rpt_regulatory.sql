{#
  The regulator's view by line of business: claims filed, settled, rejected and outstanding;
  settled within the mandated window; the repudiation ratio (rejected / decided) and the incurred
  claims ratio (claims paid / premium earned).
#}
with claims as (

    select
        line_of_business,
        count(*) as claims_filed,
        sum(case when claim_status = 'settled' then 1 else 0 end) as claims_settled,
        sum(case when claim_status = 'rejected' then 1 else 0 end) as claims_rejected,
        sum(case when claim_status in ('open', 'assessed') then 1 else 0 end) as claims_outstanding,
        sum(case when claim_status = 'settled' and settled_within_window then 1 else 0 end) as settled_within_window,
        sum(case when claim_status = 'settled' and not settled_within_window and settlement_reason is not null then 1 else 0 end) as settled_late_with_reason,
        coalesce(sum(paid_amount), 0) as claims_paid
    from {{ ref('fct_claims') }}
    group by line_of_business

),

premiums as (

    select products.line_of_business, sum(premiums.amount) as premium_earned
    from {{ ref('fct_premiums') }} as premiums
    inner join {{ ref('products') }} as products on products.product_code = premiums.product_code
    group by products.line_of_business

)

select
    cast(claims.line_of_business as {{ dbt.type_string() }}) as line_of_business,
    cast(claims.claims_filed as integer) as claims_filed,
    cast(claims.claims_settled as integer) as claims_settled,
    cast(claims.claims_rejected as integer) as claims_rejected,
    cast(claims.claims_outstanding as integer) as claims_outstanding,
    cast(claims.settled_within_window as integer) as settled_within_window,
    cast(claims.settled_late_with_reason as integer) as settled_late_with_reason,
    cast(round(claims.settled_within_window / nullif(claims.claims_settled, 0), 4) as decimal(6, 4)) as share_settled_within_window,
    cast(round(claims.claims_rejected / nullif(claims.claims_settled + claims.claims_rejected, 0), 4) as decimal(6, 4)) as repudiation_ratio,
    cast(claims.claims_paid as decimal(18, 2)) as claims_paid,
    cast(coalesce(premiums.premium_earned, 0) as decimal(18, 2)) as premium_earned,
    cast(round(claims.claims_paid / nullif(premiums.premium_earned, 0), 4) as decimal(8, 4)) as incurred_claims_ratio,
    (select as_of_date from {{ ref('int_as_of') }}) as as_of_date
from claims
left join premiums on premiums.line_of_business = claims.line_of_business
