{# Compliance: no claim pays more than the sum insured of the policy version in force. #}
{% test paid_within_sum_insured(model, column_name, sum_insured_column) %}

select *
from {{ model }}
where {{ column_name }} > {{ sum_insured_column }}

{% endtest %}
