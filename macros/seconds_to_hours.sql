{#
  Seconds watched -> hours, rounded to `precision` decimals. Shared by the watch-time models so
  every report rounds the same way.
#}
{% macro seconds_to_hours(seconds, precision=2) %}
  round(cast({{ seconds }} as double) / 3600.0, {{ precision }})
{% endmacro %}
