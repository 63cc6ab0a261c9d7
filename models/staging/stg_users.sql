{#
  One row per user: their latest attributes. Every day's users file is a full extract, so RAW
  holds one row per user per day; the row with the newest updated_at wins (ties: the most
  recently loaded file). Rows without a user id or updated_at are dropped. userId, signup_date
  and updated_at are typed in RAW (see _sources.yml).
#}
with source as (

    select * from {{ source('raw', 'users') }}

),

typed as (

    select
        "userId" as user_id,
        upper(nullif(trim("country"), '')) as country,
        lower(nullif(trim("plan"), '')) as plan,
        "signup_date" as signup_date,
        "updated_at" as updated_at,
        "_load_id" as load_id,
        "_loaded_at" as loaded_at
    from source

),

ranked as (

    select
        *,
        row_number() over (
            partition by user_id
            order by updated_at desc, loaded_at desc, load_id desc
        ) as version_rank
    from typed
    where user_id is not null
      and updated_at is not null

)

select
    user_id,
    country,
    plan,
    signup_date,
    updated_at,
    load_id,
    loaded_at
from ranked
where version_rank = 1
