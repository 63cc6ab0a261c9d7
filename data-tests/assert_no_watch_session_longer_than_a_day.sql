{#
  Singular test: a single viewing cannot last longer than var('max_session_seconds') (a day).
  Returns the offending sessions; the test fails when any row comes back.
#}
select
    watch_session_id,
    user_id,
    started_at,
    seconds_watched
from {{ ref('fct_watch_sessions') }}
where seconds_watched > {{ var('max_session_seconds', 86400) }}
