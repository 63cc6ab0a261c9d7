{#
  The current time in UTC as a timestamp without time zone, on every warehouse.
  dbt.current_timestamp() returns the session's local time zone on some warehouses; reports
  and tests compare against UTC, so they call this macro instead.
#}
{% macro current_timestamp_utc() %}
  {{ return(adapter.dispatch('current_timestamp_utc', 'movie_analytics')()) }}
{% endmacro %}

{% macro default__current_timestamp_utc() %}
  cast({{ dbt.current_timestamp() }} as timestamp)
{% endmacro %}

{% macro duckdb__current_timestamp_utc() %}
  cast(timezone('UTC', current_timestamp) as timestamp)
{% endmacro %}

{% macro snowflake__current_timestamp_utc() %}
  cast(convert_timezone('UTC', current_timestamp()) as timestamp_ntz)
{% endmacro %}
