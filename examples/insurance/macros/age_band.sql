{# The age band the segmentation reports use, from an age in whole years. #}
{% macro age_band(age) -%}
    case
        when {{ age }} < 26 then '18-25'
        when {{ age }} < 36 then '26-35'
        when {{ age }} < 46 then '36-45'
        when {{ age }} < 56 then '46-55'
        when {{ age }} < 66 then '56-65'
        else '66+'
    end
{%- endmacro %}
