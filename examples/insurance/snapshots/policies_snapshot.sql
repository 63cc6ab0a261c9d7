{#
  SCD type 2 history of each policy's plan, sum insured, premium and status: every build after a
  daily load closes the versions whose policy changed (dbt_valid_to set) and opens new ones.
#}
{% snapshot policies_snapshot %}

{{
    config(
        unique_key='policy_id',
        strategy='timestamp',
        updated_at='updated_at'
    )
}}

select policy_id, policyholder_id, product_code, plan, sum_insured, annual_premium, status, updated_at
from {{ ref('stg_policies') }}

{% endsnapshot %}
