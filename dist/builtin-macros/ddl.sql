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
