{#- Relations and their columns: make_temp_relation, load_relation, get_or_create_relation,
    drop_relation_if_exists, truncate_relation, create_schema, get_columns_in_relation,
    get_columns_in_query, get_column_schema_from_query, … as dbt-core 1.11 and dbt-duckdb define them.
    Statements run on the warehouse when the node is compiled with one (execute is true). -#}

{% macro make_temp_relation(base_relation, suffix='__dbt_tmp') -%}{{ return(adapter.dispatch('make_temp_relation', 'dbt')(base_relation, suffix)) }}{%- endmacro %}
{% macro default__make_temp_relation(base_relation, suffix) -%}
    {{ return(base_relation.incorporate(path={"identifier": base_relation.identifier ~ suffix})) }}
{%- endmacro %}
{% macro duckdb__make_temp_relation(base_relation, suffix) -%}
    {{ return(base_relation.incorporate(path={"identifier": base_relation.identifier ~ suffix ~ py_current_timestring(), "schema": none, "database": none})) }}
{%- endmacro %}

{% macro make_intermediate_relation(base_relation, suffix='__dbt_tmp') -%}{{ return(adapter.dispatch('make_intermediate_relation', 'dbt')(base_relation, suffix)) }}{%- endmacro %}
{% macro default__make_intermediate_relation(base_relation, suffix) -%}{{ return(default__make_temp_relation(base_relation, suffix)) }}{%- endmacro %}

{% macro make_backup_relation(base_relation, backup_relation_type, suffix='__dbt_backup') -%}{{ return(adapter.dispatch('make_backup_relation', 'dbt')(base_relation, backup_relation_type, suffix)) }}{%- endmacro %}
{% macro default__make_backup_relation(base_relation, backup_relation_type, suffix) -%}
    {{ return(base_relation.incorporate(path={"identifier": base_relation.identifier ~ suffix}, type=backup_relation_type)) }}
{%- endmacro %}

{% macro load_cached_relation(relation) -%}
    {{ return(adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier)) }}
{%- endmacro %}
{% macro load_relation(relation) -%}{{ return(load_cached_relation(relation)) }}{%- endmacro %}

{% macro get_or_create_relation(database, schema, identifier, type) -%}{{ return(adapter.dispatch('get_or_create_relation', 'dbt')(database, schema, identifier, type)) }}{%- endmacro %}
{% macro default__get_or_create_relation(database, schema, identifier, type) -%}
    {%- set target_relation = adapter.get_relation(database=database, schema=schema, identifier=identifier) -%}
    {%- if target_relation -%}{{ return([true, target_relation]) }}{%- endif -%}
    {{ return([false, api.Relation.create(database=database, schema=schema, identifier=identifier, type=type)]) }}
{%- endmacro %}

{% macro drop_relation(relation) -%}{{ return(adapter.dispatch('drop_relation', 'dbt')(relation)) }}{%- endmacro %}
{% macro default__drop_relation(relation) -%}{{ adapter.drop_relation(relation) }}{%- endmacro %}
{% macro drop_relation_if_exists(relation) -%}
    {%- if relation is not none -%}{{ adapter.drop_relation(relation) }}{%- endif -%}
{%- endmacro %}

{% macro truncate_relation(relation) -%}{{ return(adapter.dispatch('truncate_relation', 'dbt')(relation)) }}{%- endmacro %}
{% macro default__truncate_relation(relation) -%}
    {%- call statement('truncate_relation') -%}truncate table {{ relation.render() }}{%- endcall -%}
{%- endmacro %}

{% macro rename_relation(from_relation, to_relation) -%}{{ return(adapter.dispatch('rename_relation', 'dbt')(from_relation, to_relation)) }}{%- endmacro %}
{% macro default__rename_relation(from_relation, to_relation) -%}{{ adapter.rename_relation(from_relation, to_relation) }}{%- endmacro %}

{% macro create_schema(relation) -%}{{ adapter.dispatch('create_schema', 'dbt')(relation) }}{%- endmacro %}
{% macro default__create_schema(relation) -%}{{ adapter.create_schema(relation) }}{%- endmacro %}
{% macro drop_schema(relation) -%}{{ adapter.dispatch('drop_schema', 'dbt')(relation) }}{%- endmacro %}
{% macro default__drop_schema(relation) -%}{{ adapter.drop_schema(relation) }}{%- endmacro %}

{% macro get_columns_in_relation(relation) -%}{{ return(adapter.dispatch('get_columns_in_relation', 'dbt')(relation)) }}{%- endmacro %}
{% macro default__get_columns_in_relation(relation) -%}{{ return(adapter.get_columns_in_relation(relation)) }}{%- endmacro %}

{% macro sql_convert_columns_in_relation(table) -%}
    {%- set columns = [] -%}
    {%- for row in table -%}{%- do columns.append(api.Column(row[0], row[1], row[2], row[3], row[4])) -%}{%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{% macro get_list_of_column_names(columns) -%}{{ return(columns | map(attribute='name') | list) }}{%- endmacro %}

{% macro get_empty_subquery_sql(select_sql, select_sql_header=none) -%}{{ return(adapter.dispatch('get_empty_subquery_sql', 'dbt')(select_sql, select_sql_header)) }}{%- endmacro %}
{% macro default__get_empty_subquery_sql(select_sql, select_sql_header=none) -%}
    {%- if select_sql_header is not none -%}{{ select_sql_header }}{%- endif -%}
    select * from (
        {{ select_sql }}
    ) as __dbt_sbq
    where false
    limit 0
{%- endmacro %}

{% macro get_column_schema_from_query(select_sql, select_sql_header=none) -%}
    {{ return(adapter.get_column_schema_from_query(get_empty_subquery_sql(select_sql, select_sql_header))) }}
{%- endmacro %}

{% macro get_columns_in_query(select_sql) -%}{{ return(adapter.dispatch('get_columns_in_query', 'dbt')(select_sql)) }}{%- endmacro %}
{% macro default__get_columns_in_query(select_sql) -%}
    {%- call statement('get_columns_in_query', fetch_result=True, auto_begin=False) -%}
        {{ get_empty_subquery_sql(select_sql) }}
    {%- endcall -%}
    {{ return(load_result('get_columns_in_query').table.columns | map(attribute='name') | list) }}
{%- endmacro %}
