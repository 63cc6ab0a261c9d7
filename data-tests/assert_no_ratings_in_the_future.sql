{#
  Singular test: a rating cannot be given after now (UTC). A failure means a bad clock or a
  botched epoch conversion upstream.
#}
select
    rating_id,
    rated_at
from {{ ref('fct_ratings') }}
where rated_at > {{ current_timestamp_utc() }}
