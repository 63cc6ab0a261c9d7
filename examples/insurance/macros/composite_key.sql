{#
  A readable key from several columns: `<a>|<b>|…`, each cast to text. Used where a row's
  identity is a combination (a policy version, a coverage of a version).
#}
{% macro composite_key(columns) -%}
    {%- for column in columns -%}
        cast({{ column }} as {{ dbt.type_string() }}){% if not loop.last %} || '|' || {% endif %}
    {%- endfor -%}
{%- endmacro %}
