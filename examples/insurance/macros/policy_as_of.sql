{#
  Every policy as it stood at the start of `as_of_date`: the version in force then (plan, sum
  insured, premium, status), from the policy versions feed, which holds the whole history.
    select * from ({{ policy_as_of("'2023-06-30'") }}) where policy_id = 42
#}
{% macro policy_as_of(as_of_date) -%}
    select
        policy_id,
        version_no,
        plan,
        sum_insured,
        annual_premium,
        status,
        valid_from,
        valid_to
    from {{ ref('int_policy_timeline') }}
    where valid_from <= cast({{ as_of_date }} as timestamp)
      and (valid_to is null or valid_to > cast({{ as_of_date }} as timestamp))
{%- endmacro %}
