{#
  A floor on a ratio or count: fails with each row below `minimum` (nulls pass: nothing to measure).
  The regulatory mart uses it as a warning on the share settled within the window.
#}
{% test at_least(model, column_name, minimum) %}

select *
from {{ model }}
where {{ column_name }} < {{ minimum }}

{% endtest %}
