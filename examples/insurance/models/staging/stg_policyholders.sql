{#
  One row per policyholder: the newest version across the daily full extracts (ties: the most
  recently loaded file), so duplicate rows and repeated extracts collapse.
#}
with ranked as (

    select
        policyholder_id,
        trim(first_name) || ' ' || trim(last_name) as full_name,
        date_of_birth,
        upper(trim(gender)) as gender,
        branch_id,
        lower(trim(occupation)) as occupation,
        upper(trim(smoker)) = 'Y' as is_smoker,
        trim(bank_account) as bank_account,
        created_at,
        updated_at,
        _load_id as load_id,
        row_number() over (partition by policyholder_id order by updated_at desc, _load_id desc) as version_rank
    from {{ source('raw', 'policyholders') }}
    where policyholder_id is not null

)

select policyholder_id, full_name, date_of_birth, gender, branch_id, occupation, is_smoker, bank_account, created_at, updated_at, load_id
from ranked
where version_rank = 1
