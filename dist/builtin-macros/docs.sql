{#- persist_docs and the comments it writes: alter_relation_comment, alter_column_comment. -#}

{% macro persist_docs(relation, model, for_relation=true, for_columns=true) -%}{{ return(adapter.dispatch('persist_docs', 'dbt')(relation, model, for_relation, for_columns)) }}{%- endmacro %}
{% macro default__persist_docs(relation, model, for_relation, for_columns) -%}
    {%- set docs = config.get('persist_docs', {}) or {} -%}
    {%- if for_relation and docs.get('relation', false) and model.description -%}
        {%- do run_query(alter_relation_comment(relation, model.description)) -%}
    {%- endif -%}
    {%- if for_columns and docs.get('columns', false) and model.columns -%}
        {%- set sql = alter_column_comment(relation, model.columns) -%}
        {%- if sql and sql | trim | length > 0 -%}{%- do run_query(sql) -%}{%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro alter_relation_comment(relation, relation_comment) -%}{{ return(adapter.dispatch('alter_relation_comment', 'dbt')(relation, relation_comment)) }}{%- endmacro %}
{% macro default__alter_relation_comment(relation, relation_comment) -%}{{ exceptions.raise_not_implemented('alter_relation_comment macro not implemented for adapter ' ~ adapter.type()) }}{%- endmacro %}
{% macro duckdb__alter_relation_comment(relation, relation_comment) -%}
    comment on {{ relation.type }} {{ relation }} is {{ duckdb_escape_comment(relation_comment) }};
{%- endmacro %}
{% macro snowflake__alter_relation_comment(relation, relation_comment) -%}
    comment on {{ relation.type }} {{ relation.render() }} IS $${{ relation_comment | replace('$', '[$]') }}$$;
{%- endmacro %}

{% macro alter_column_comment(relation, column_dict) -%}{{ return(adapter.dispatch('alter_column_comment', 'dbt')(relation, column_dict)) }}{%- endmacro %}
{% macro default__alter_column_comment(relation, column_dict) -%}{{ exceptions.raise_not_implemented('alter_column_comment macro not implemented for adapter ' ~ adapter.type()) }}{%- endmacro %}
{#- One comment per documented column the relation has (quoted when the column's `quote` is set). -#}
{% macro duckdb__alter_column_comment(relation, column_dict) -%}
    {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
    {%- for name in column_dict if name in present %}
    comment on column {{ relation }}.{{ adapter.quote(name) if column_dict[name]['quote'] else name }} is {{ duckdb_escape_comment(column_dict[name]['description']) }};
    {%- endfor -%}
{%- endmacro %}
{% macro snowflake__alter_column_comment(relation, column_dict) -%}
    {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
    {%- if present %}
    alter {{ relation.type }} {{ relation.render() }} alter
    {%- for name in present %}
        {%- set documented = column_dict.get(name | upper) or column_dict.get(name | lower) or column_dict.get(name) %}
        {{ adapter.quote(name) }} COMMENT $${{ (documented or {}).get('description', '') | replace('$', '[$]') }}$${{ ',' if not loop.last else ';' }}
    {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#- A comment as a dollar-quoted literal, as dbt-duckdb writes it. -#}
{% macro duckdb_escape_comment(comment) -%}
    {%- if comment is not string -%}{{ exceptions.raise_compiler_error('cannot escape a non-string: ' ~ comment) }}{%- endif -%}
    {%- set fence = '$dbt_comment_literal_block$' -%}
    {%- if fence in comment -%}{{ exceptions.raise_compiler_error('The string ' ~ fence ~ ' is not allowed in comments.') }}{%- endif -%}
    {{ fence }}{{ comment }}{{ fence }}
{%- endmacro %}
