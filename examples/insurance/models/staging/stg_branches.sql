select distinct
    branch_id,
    trim(branch_name) as branch_name,
    trim(city) as city,
    upper(trim(region)) as region
from {{ source('raw', 'branches') }}
where branch_id is not null
