{#
  Compliance: a claim is settled within its mandated window (days from filing), or the claims
  team records why not. Fails with each late settlement that has no reason.
#}
{% test settled_within_window_or_explained(model, days_column, window_column, reason_column) %}

select *
from {{ model }}
where {{ days_column }} > {{ window_column }}
  and ({{ reason_column }} is null or trim({{ reason_column }}) = '')

{% endtest %}
