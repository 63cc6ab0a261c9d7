{#
  Compliance: every amount equals the one it should (premium paid = the instalment of the policy
  version in force when it fell due). Fails with each row that differs, or has nothing to match.
#}
{% test amount_reconciles(model, column_name, expected_column) %}

select *
from {{ model }}
where {{ expected_column }} is null
   or {{ column_name }} <> {{ expected_column }}

{% endtest %}
