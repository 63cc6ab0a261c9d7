{#
  Compliance: a claim is paid only after it was assessed. Fails with each settled claim that has
  no assessment, or an assessment dated after the settlement.
    data_tests:
      - assessed_before_settlement: {assessed_at: assessed_at, settled_at: settled_at}
#}
{% test assessed_before_settlement(model, assessed_at, settled_at) %}

select *
from {{ model }}
where {{ settled_at }} is not null
  and ({{ assessed_at }} is null or {{ assessed_at }} > {{ settled_at }})

{% endtest %}
