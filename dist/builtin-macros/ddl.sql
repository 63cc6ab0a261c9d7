{#- SQL that dbt's materializations build from, offered to projects and packages as dbt offers it:
    get_drop_sql, drop_table, drop_view, get_insert_into_sql,
    get_delete_insert_merge_sql, diff_columns, diff_column_data_types, snapshot_hash_arguments,
    snapshot_string_as_time, noop_statement. (dailies runs the materializations themselves natively.) -#}

{% macro get_drop_sql(relation) -%}{{ adapter.dispatch('get_drop_sql', 'dbt')(relation) }}{%- endmacro %}
{% macro default__get_drop_sql(relation) -%}
    {%- if relation.is_view -%}{{ drop_view(relation) }}
    {%- elif relation.is_table -%}{{ drop_table(relation) }}
    {%- else -%}drop {{ relation.type }} if exists {{ relation.render() }} cascade
    {%- endif -%}
{%- endmacro %}
{% macro drop_table(relation) -%}{{ adapter.dispatch('drop_table', 'dbt')(relation) }}{%- endmacro %}
{% macro default__drop_table(relation) -%}drop table if exists {{ relation.render() }} cascade{%- endmacro %}
{% macro drop_view(relation) -%}{{ adapter.dispatch('drop_view', 'dbt')(relation) }}{%- endmacro %}
{% macro default__drop_view(relation) -%}drop view if exists {{ relation.render() }} cascade{%- endmacro %}

{% macro get_insert_into_sql(target_relation, temp_relation, dest_columns) -%}
    {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
    insert into {{ target_relation }} ({{ dest_cols_csv }})
    (
        select {{ dest_cols_csv }}
        from {{ temp_relation }}
    )
{%- endmacro %}

{% macro get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}{{ adapter.dispatch('get_delete_insert_merge_sql', 'dbt')(target, source, unique_key, dest_columns, incremental_predicates) }}{%- endmacro %}
{% macro default__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
    {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
    {%- if unique_key -%}
        {%- set keys = [unique_key] if unique_key is string else unique_key -%}
        {%- set unique_key_str = keys | join(', ') -%}
        delete from {{ target }} as DBT_INTERNAL_DEST
        where ({{ unique_key_str }}) in (
            select distinct {{ unique_key_str }}
            from {{ source }} as DBT_INTERNAL_SOURCE
        )
        {%- for predicate in incremental_predicates or [] %}
            and {{ predicate }}
        {%- endfor -%};
    {% endif %}
    insert into {{ target }} ({{ dest_cols_csv }})
    (
        select {{ dest_cols_csv }}
        from {{ source }}
    )
{%- endmacro %}

{% macro duckdb__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
    {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
    {%- if unique_key -%}
        {%- if unique_key is sequence and unique_key is not string %}
    delete from {{ target }} as DBT_INCREMENTAL_TARGET
    using {{ source }}
    where (
        {%- for key in unique_key %}
        {{ source }}.{{ key }} = DBT_INCREMENTAL_TARGET.{{ key }}
        {{ "and " if not loop.last }}
        {%- endfor %}
        {%- for predicate in incremental_predicates or [] %}
        and {{ predicate }}
        {%- endfor %}
    );
        {%- else %}
    delete from {{ target }}
    where (
        {{ unique_key }}) in (
        select ({{ unique_key }})
        from {{ source }}
    )
        {%- for predicate in incremental_predicates or [] %}
        and {{ predicate }}
        {%- endfor -%};
        {%- endif %}
    {%- endif %}
    insert into {{ target }} ({{ dest_cols_csv }})
    (
        select {{ dest_cols_csv }}
        from {{ source }}
    )
{%- endmacro %}

{% macro diff_columns(source_columns, target_columns) -%}
    {%- set target_names = target_columns | map(attribute='column') | list -%}
    {{ return(source_columns | rejectattr('name', 'in', target_names) | list) }}
{%- endmacro %}

{% macro diff_column_data_types(source_columns, target_columns) -%}{{ return(adapter.dispatch('diff_column_data_types', 'dbt')(source_columns, target_columns)) }}{%- endmacro %}
{% macro default__diff_column_data_types(source_columns, target_columns) -%}
    {%- set result = [] -%}
    {%- for sc in source_columns -%}
        {%- set tc = target_columns | selectattr('name', 'equalto', sc.name) | list | first -%}
        {%- if tc and sc.expanded_data_type != tc.expanded_data_type and not sc.can_expand_to(tc) -%}
            {%- do result.append({'column_name': tc.name, 'new_type': sc.expanded_data_type}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(result) }}
{%- endmacro %}

{% macro snapshot_hash_arguments(args) -%}{{ adapter.dispatch('snapshot_hash_arguments', 'dbt')(args) }}{%- endmacro %}
{% macro default__snapshot_hash_arguments(args) -%}
    md5({%- for arg in args -%}coalesce(cast({{ arg }} as varchar ), ''){% if not loop.last %} || '|' || {% endif %}{%- endfor -%})
{%- endmacro %}

{% macro snapshot_string_as_time(timestamp) -%}{{ adapter.dispatch('snapshot_string_as_time', 'dbt')(timestamp) }}{%- endmacro %}
{% macro default__snapshot_string_as_time(timestamp) -%}{{ exceptions.raise_not_implemented('snapshot_string_as_time macro not implemented for adapter ' ~ adapter.type()) }}{%- endmacro %}
{% macro duckdb__snapshot_string_as_time(timestamp) -%}{{ return("'" ~ timestamp ~ "'::timestamp") }}{%- endmacro %}
{% macro snowflake__snapshot_string_as_time(timestamp) -%}{{ return("to_timestamp_ntz('" ~ timestamp ~ "')") }}{%- endmacro %}

{% macro noop_statement(name=none, message=none, code=none, rows_affected=none, res=none) -%}
    {%- set sql = caller() -%}
    {%- if name is not none -%}{{ store_result(name, response=message, agate_table=res) }}{%- endif -%}
{%- endmacro %}

{#- get_replace_sql: replace `existing_relation` by `target_relation` built from `sql`. A
    warehouse that can `create or replace` the relation's type does so; one that can rename
    builds beside it and swaps; else (DuckDB, as dbt-duckdb declares it) drop, then create. -#}
{% macro get_replace_sql(existing_relation, target_relation, sql) -%}
    {{- log('Applying REPLACE to: ' ~ existing_relation) -}}
    {{- adapter.dispatch('get_replace_sql', 'dbt')(existing_relation, target_relation, sql) -}}
{%- endmacro %}
{% macro default__get_replace_sql(existing_relation, target_relation, sql) -%}
    {{ get_drop_sql(existing_relation) }};
    {{ get_create_sql(target_relation, sql) }}
{%- endmacro %}
{% macro snowflake__get_replace_sql(existing_relation, target_relation, sql) -%}
    {%- if existing_relation.type == target_relation.type and target_relation.type in ['view', 'table'] -%}
        {%- if target_relation.is_view -%}{{ snowflake__create_view_as(target_relation, sql) }}{%- else -%}{{ snowflake__create_table_as(false, target_relation, sql) }}{%- endif -%}
    {%- else -%}
        {{ get_drop_sql(existing_relation) }};
        {{ get_create_sql(target_relation, sql) }}
    {%- endif -%}
{%- endmacro %}

{% macro get_create_sql(relation, sql) -%}{{- adapter.dispatch('get_create_sql', 'dbt')(relation, sql) -}}{%- endmacro %}
{% macro default__get_create_sql(relation, sql) -%}
    {%- if relation.is_view -%}{{ get_create_view_as_sql(relation, sql) }}
    {%- elif relation.is_table -%}{{ get_create_table_as_sql(false, relation, sql) }}
    {%- else -%}{{ exceptions.raise_compiler_error('`get_create_sql` has not been implemented for: ' ~ relation.type) }}
    {%- endif -%}
{%- endmacro %}

{#- get_rename_sql: dbt-duckdb implements no rename SQL (dbt raises; materializations there use
    adapter.rename_relation); dbt-snowflake renames with `alter <type> … rename to …`. -#}
{% macro get_rename_sql(relation, new_name) -%}
    {{- log('Applying RENAME to: ' ~ relation) -}}
    {{- adapter.dispatch('get_rename_sql', 'dbt')(relation, new_name) -}}
{%- endmacro %}
{% macro default__get_rename_sql(relation, new_name) -%}
    {%- if relation.is_view or relation.is_table -%}
        {{- exceptions.raise_compiler_error('`get_rename_' ~ relation.type ~ '_sql` has not been implemented for this adapter.') -}}
    {%- else -%}
        {{- exceptions.raise_compiler_error('`get_rename_sql` has not been implemented for: ' ~ relation.type) -}}
    {%- endif -%}
{%- endmacro %}
{% macro snowflake__get_rename_sql(relation, new_name) -%}
    {%- if relation.is_view or relation.is_table -%}alter {{ relation.type }} {{ relation }} rename to {{ relation.incorporate(path={'identifier': new_name}) if new_name is string else new_name }}
    {%- else -%}{{- exceptions.raise_compiler_error('`get_rename_sql` has not been implemented for: ' ~ relation.type) -}}
    {%- endif -%}
{%- endmacro %}
