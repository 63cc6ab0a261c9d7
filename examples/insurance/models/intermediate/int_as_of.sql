{#
  The date the data stands at: the newest change in the policies extract, premiums or claim events.
  Ages and "current" figures are computed as of this date, so a rebuild of the same data gives
  the same numbers whatever day it runs.
#}
select cast(max(changed_at) as date) as as_of_date
from (
    select max(updated_at) as changed_at from {{ ref('stg_policies') }}
    union all
    select max(paid_at) from {{ ref('stg_premiums') }}
    union all
    select max(event_at) from {{ ref('stg_claim_events') }}
) as latest
