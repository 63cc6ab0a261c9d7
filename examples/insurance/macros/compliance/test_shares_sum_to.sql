{#
  Compliance: the shares within each group add up to the total (beneficiaries of a policy: 100%).
  Fails with one row per group whose shares do not.
#}
{% test shares_sum_to(model, column_name, group_by, total=100) %}

select {{ group_by }}, sum({{ column_name }}) as share_total
from {{ model }}
group by {{ group_by }}
having sum({{ column_name }}) <> {{ total }}

{% endtest %}
