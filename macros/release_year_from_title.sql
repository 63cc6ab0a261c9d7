{#
  MovieLens titles end with the release year in parentheses: `Toy Story (1995)`.
  release_year_from_title returns that year as an integer (null when the title has none);
  title_without_year returns the title with the trailing `(YYYY)` removed.
  Plain substring arithmetic (the year's four characters checked to be digits before the
  cast), so the same SQL runs on every warehouse.
#}
{% macro title_has_year(title) %}
  (length(trim({{ title }})) >= 6
   and substr(trim({{ title }}), length(trim({{ title }})), 1) = ')'
   and substr(trim({{ title }}), length(trim({{ title }})) - 5, 1) = '('
   and length(substr(trim({{ title }}), length(trim({{ title }})) - 4, 4)) = 4
   and translate(substr(trim({{ title }}), length(trim({{ title }})) - 4, 4), '0123456789', '') = '')
{% endmacro %}

{% macro release_year_from_title(title) %}
  case
    when {{ title_has_year(title) }}
      then {{ dbt.cast("substr(trim(" ~ title ~ "), length(trim(" ~ title ~ ")) - 4, 4)", "integer") }}
  end
{% endmacro %}

{% macro title_without_year(title) %}
  case
    when {{ title_has_year(title) }}
      then trim(substr(trim({{ title }}), 1, length(trim({{ title }})) - 6))
    else trim({{ title }})
  end
{% endmacro %}
