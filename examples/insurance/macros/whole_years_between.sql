{#
  Whole years from one date to another, counting birthdays: 2000-06-15 to 2024-06-14 is 23.
  (datediff('year', …) counts year boundaries and would say 24.)
#}
{% macro whole_years_between(from_date, to_date) -%}
    (
        {{ dbt.datediff(from_date, to_date, 'year') }}
        - case
            when extract(month from {{ to_date }}) * 100 + extract(day from {{ to_date }})
               < extract(month from {{ from_date }}) * 100 + extract(day from {{ from_date }})
            then 1 else 0
          end
    )
{%- endmacro %}
