{#
  Compliance: a claim whose incident happened while the policy had lapsed is not paid (rejecting
  it is right). Fails with each paid claim on a policy that was lapsed on the incident date.
#}
{% test no_paid_claim_on_lapsed_policy(model, status_column, paid_column) %}

select *
from {{ model }}
where {{ status_column }} = 'lapsed'
  and coalesce({{ paid_column }}, 0) > 0

{% endtest %}
