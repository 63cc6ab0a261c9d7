{#
  SCD type 2 history of each user's country and plan. stg_users holds the latest extract; every
  `dailies snapshot` compares it with the open versions here: a user whose updated_at moved on
  gets the old version closed (dbt_valid_to set) and a new open version (dbt_valid_to null).
#}
{% snapshot users_snapshot %}

{{
    config(
        unique_key='user_id',
        strategy='timestamp',
        updated_at='updated_at'
    )
}}

select
    user_id,
    country,
    plan,
    signup_date,
    updated_at
from {{ ref('stg_users') }}

{% endsnapshot %}
