{#- Cross-database expression helpers (dbt.safe_cast, dbt.cast, dbt.equals, aggregates, arrays,
    set operators) as dbt-core 1.11, dbt-duckdb and dbt-snowflake render them. -#}

{% macro safe_cast(field, type) -%}{{ return(adapter.dispatch('safe_cast', 'dbt')(field, type)) }}{%- endmacro %}
{% macro default__safe_cast(field, type) -%}cast({{ field }} as {{ type }}){%- endmacro %}
{% macro snowflake__safe_cast(field, type) -%}
    {%- if type | upper == 'GEOMETRY' -%}
    try_to_geometry({{ field }})
    {%- elif type | upper == 'GEOGRAPHY' -%}
    try_to_geography({{ field }})
    {%- elif type | upper != 'VARIANT' -%}
    try_cast({{ dbt.string_literal(field) if field is number else field }} as {{ type }})
    {%- else -%}
    {{ adapter.dispatch('cast', 'dbt')(field, type) }}
    {%- endif -%}
{%- endmacro %}

{% macro cast(field, type) -%}{{ return(adapter.dispatch('cast', 'dbt')(field, type)) }}{%- endmacro %}
{% macro default__cast(field, type) -%}cast({{ field }} as {{ type }}){%- endmacro %}
{% macro snowflake__cast(field, type) -%}
    {%- if type | upper == 'GEOGRAPHY' -%}
    to_geography({{ field }})
    {%- elif type | upper == 'GEOMETRY' -%}
    to_geometry({{ field }})
    {%- else -%}
    cast({{ field }} as {{ type }})
    {%- endif -%}
{%- endmacro %}

{% macro any_value(expression) -%}{{ return(adapter.dispatch('any_value', 'dbt')(expression)) }}{%- endmacro %}
{% macro default__any_value(expression) -%}any_value({{ expression }}){%- endmacro %}
{% macro duckdb__any_value(expression) -%}arbitrary({{ expression }}){%- endmacro %}

{% macro bool_or(expression) -%}{{ return(adapter.dispatch('bool_or', 'dbt')(expression)) }}{%- endmacro %}
{% macro default__bool_or(expression) -%}bool_or({{ expression }}){%- endmacro %}
{% macro snowflake__bool_or(expression) -%}boolor_agg({{ expression }}){%- endmacro %}

{% macro array_construct(inputs=[], data_type='integer') -%}{{ return(adapter.dispatch('array_construct', 'dbt')(inputs, data_type)) }}{%- endmacro %}
{% macro default__array_construct(inputs, data_type) -%}
    {%- if inputs | length > 0 -%}array[ {{ inputs | join(' , ') }} ]{%- else -%}array[]::{{ data_type }}[]{%- endif -%}
{%- endmacro %}
{% macro snowflake__array_construct(inputs, data_type) -%}array_construct( {{ inputs | join(' , ') }} ){%- endmacro %}

{% macro array_append(array, new_element) -%}{{ return(adapter.dispatch('array_append', 'dbt')(array, new_element)) }}{%- endmacro %}
{% macro default__array_append(array, new_element) -%}array_append({{ array }}, {{ new_element }}){%- endmacro %}

{% macro array_concat(array_1, array_2) -%}{{ return(adapter.dispatch('array_concat', 'dbt')(array_1, array_2)) }}{%- endmacro %}
{% macro default__array_concat(array_1, array_2) -%}array_cat({{ array_1 }}, {{ array_2 }}){%- endmacro %}

{% macro except() -%}{{ return(adapter.dispatch('except', 'dbt')()) }}{%- endmacro %}
{% macro default__except() -%}except{%- endmacro %}

{% macro intersect() -%}{{ return(adapter.dispatch('intersect', 'dbt')()) }}{%- endmacro %}
{% macro default__intersect() -%}intersect{%- endmacro %}

{#- `equals` follows dbt's default (behaviour flag enable_truthy_nulls_equals_macro off): plain `=`. -#}
{% macro equals(expr1, expr2) -%}{{ return(adapter.dispatch('equals', 'dbt')(expr1, expr2)) }}{%- endmacro %}
{% macro default__equals(expr1, expr2) -%}
    {%- if adapter.behavior.enable_truthy_nulls_equals_macro.no_warn -%}
    case when (({{ expr1 }} = {{ expr2 }}) or ({{ expr1 }} is null and {{ expr2 }} is null)) then 0 else 1 end = 0
    {%- else -%}
    ({{ expr1 }} = {{ expr2 }})
    {%- endif -%}
{%- endmacro %}

{% macro get_true_sql() -%}{{ adapter.dispatch('get_true_sql', 'dbt')() }}{%- endmacro %}
{% macro default__get_true_sql() -%}TRUE{%- endmacro %}
