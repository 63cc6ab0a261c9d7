{#
  SCD type 2 history of beneficiaries: share changes close the old version; a beneficiary removed
  from a policy has its version closed (hard deletes invalidated).
#}
{% snapshot beneficiaries_snapshot %}

{{
    config(
        unique_key='beneficiary_id',
        strategy='timestamp',
        updated_at='updated_at',
        hard_deletes='invalidate'
    )
}}

select beneficiary_id, policy_id, beneficiary_name, relationship, share_pct, updated_at
from {{ ref('stg_beneficiaries') }}

{% endsnapshot %}
