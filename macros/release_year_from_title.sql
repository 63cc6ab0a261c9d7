{#
  MovieLens titles end with the release year in parentheses: `Toy Story (1995)`.
  release_year_from_title returns that year as an integer (null when the title has none);
  title_without_year returns the title with the trailing `(YYYY)` removed.
  Plain substring arithmetic, so the same SQL runs on every warehouse.
#}
{% macro title_has_year(title) %}
  (length(trim({{ title }})) >= 6
   and substr(trim({{ title }}), length(trim({{ title }})), 1) = ')'
   and substr(trim({{ title }}), length(trim({{ title }})) - 5, 1) = '('
   and {{ dbt.safe_cast("substr(trim(" ~ title ~ "), length(trim(" ~ title ~ ")) - 4, 4)", "integer") }} is not null)
{% endmacro %}

{% macro release_year_from_title(title) %}
  case
    when {{ title_has_year(title) }}
      then {{ dbt.safe_cast("substr(trim(" ~ title ~ "), length(trim(" ~ title ~ ")) - 4, 4)", "integer") }}
  end
{% endmacro %}

{% macro title_without_year(title) %}
  case
    when {{ title_has_year(title) }}
      then trim(substr(trim({{ title }}), 1, length(trim({{ title }})) - 6))
    else trim({{ title }})
  end
{% endmacro %}
