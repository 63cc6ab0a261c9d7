select distinct
    agent_id,
    trim(agent_name) as agent_name,
    branch_id,
    joined_on
from {{ source('raw', 'agents') }}
where agent_id is not null
