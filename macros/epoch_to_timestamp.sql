{#
  Converts epoch seconds (a number or a numeric string) to a timestamp without time zone, in UTC.
  Used by every staging model whose RAW table stores MovieLens epoch timestamps.
#}
{% macro epoch_to_timestamp(epoch_seconds) %}
  {{ return(adapter.dispatch('epoch_to_timestamp', 'movie_analytics')(epoch_seconds)) }}
{% endmacro %}

{% macro default__epoch_to_timestamp(epoch_seconds) %}
  {{ dbt.dateadd('second', epoch_seconds, "cast('1970-01-01 00:00:00' as timestamp)") }}
{% endmacro %}

{% macro duckdb__epoch_to_timestamp(epoch_seconds) %}
  make_timestamp(cast({{ epoch_seconds }} as bigint) * 1000000)
{% endmacro %}

{% macro snowflake__epoch_to_timestamp(epoch_seconds) %}
  to_timestamp_ntz(cast({{ epoch_seconds }} as bigint))
{% endmacro %}
