select distinct
    {{ composite_key(['policy_id', 'version_no', 'coverage_code']) }} as coverage_id,
    policy_id,
    version_no,
    upper(trim(coverage_code)) as coverage_code,
    coverage_limit
from {{ source('raw', 'coverages') }}
where policy_id is not null
