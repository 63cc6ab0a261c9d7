{#- Portable type names: dbt.type_string(), dbt.type_int(), … (each dispatched by warehouse). -#}

{% macro type_string() -%}
    {{- return(adapter.dispatch('type_string', 'dbt')()) -}}
{%- endmacro %}
{% macro default__type_string() %}{{ return('varchar') }}{% endmacro %}
{% macro duckdb__type_string() %}{{ return('VARCHAR') }}{% endmacro %}
{% macro snowflake__type_string() %}{{ return('VARCHAR') }}{% endmacro %}

{% macro type_int() -%}
    {{- return(adapter.dispatch('type_int', 'dbt')()) -}}
{%- endmacro %}
{% macro default__type_int() %}{{ return('integer') }}{% endmacro %}
{% macro duckdb__type_int() %}{{ return('INTEGER') }}{% endmacro %}
{% macro snowflake__type_int() %}{{ return('INTEGER') }}{% endmacro %}

{% macro type_bigint() -%}
    {{- return(adapter.dispatch('type_bigint', 'dbt')()) -}}
{%- endmacro %}
{% macro default__type_bigint() %}{{ return('bigint') }}{% endmacro %}
{% macro duckdb__type_bigint() %}{{ return('BIGINT') }}{% endmacro %}
{% macro snowflake__type_bigint() %}{{ return('BIGINT') }}{% endmacro %}

{% macro type_float() -%}
    {{- return(adapter.dispatch('type_float', 'dbt')()) -}}
{%- endmacro %}
{% macro default__type_float() %}{{ return('float') }}{% endmacro %}
{% macro duckdb__type_float() %}{{ return('DOUBLE') }}{% endmacro %}
{% macro snowflake__type_float() %}{{ return('FLOAT') }}{% endmacro %}

{% macro type_numeric() -%}
    {{- return(adapter.dispatch('type_numeric', 'dbt')()) -}}
{%- endmacro %}
{% macro default__type_numeric() %}{{ return('numeric(28,6)') }}{% endmacro %}
{% macro duckdb__type_numeric() %}{{ return('NUMERIC(28,6)') }}{% endmacro %}
{% macro snowflake__type_numeric() %}{{ return('NUMBER(28,6)') }}{% endmacro %}

{% macro type_timestamp() -%}
    {{- return(adapter.dispatch('type_timestamp', 'dbt')()) -}}
{%- endmacro %}
{% macro default__type_timestamp() %}{{ return('timestamp') }}{% endmacro %}
{% macro duckdb__type_timestamp() %}{{ return('TIMESTAMP') }}{% endmacro %}
{% macro snowflake__type_timestamp() %}{{ return('TIMESTAMP_NTZ') }}{% endmacro %}

{% macro type_boolean() -%}
    {{- return(adapter.dispatch('type_boolean', 'dbt')()) -}}
{%- endmacro %}
{% macro default__type_boolean() %}{{ return('boolean') }}{% endmacro %}
{% macro duckdb__type_boolean() %}{{ return('BOOLEAN') }}{% endmacro %}
{% macro snowflake__type_boolean() %}{{ return('BOOLEAN') }}{% endmacro %}
