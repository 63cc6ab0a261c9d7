{#
  Generic test: every non-null value of `column_name` lies between min_value and max_value
  (inclusive). Fails with the offending rows.
    data_tests:
      - value_between: {min_value: 0.5, max_value: 5.0}
#}
{% test value_between(model, column_name, min_value, max_value) %}

select *
from {{ model }}
where {{ column_name }} is not null
  and ({{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }})

{% endtest %}
