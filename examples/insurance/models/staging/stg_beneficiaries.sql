{#
  The beneficiaries named today: the rows of the newest beneficiaries extract. A beneficiary
  removed from a policy is absent from it (the snapshot keeps the history).
#}
with source as (

    select * from {{ source('raw', 'beneficiaries') }}

),

latest as (

    select * from source where _load_id = (select max(_load_id) from source)

)

select distinct
    beneficiary_id,
    policy_id,
    trim(beneficiary_name) as beneficiary_name,
    lower(trim(relationship)) as relationship,
    share_pct,
    updated_at
from latest
where beneficiary_id is not null
