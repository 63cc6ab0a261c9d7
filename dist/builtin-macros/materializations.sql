{#- What dbt's materializations and tests offer to projects and packages: should_full_refresh,
    should_store_failures, set_sql_header, get_where_subquery, create_table_as and
    get_create_table_as_sql, get_create_view_as_sql, get_limit_subquery_sql, get_merge_sql, … -#}

{#- `dbt.is_incremental()`: true when this run adds to the model's existing table (a bare
    `is_incremental()` is answered by the compiler from the run's knowledge of the relation, alike). -#}
{% macro is_incremental() -%}
    {%- if execute -%}
        {%- set existing = adapter.get_relation(this.database, this.schema, this.table) -%}
        {{ return(existing is not none and existing.type == 'table' and model.config.materialized == 'incremental' and not should_full_refresh()) }}
    {%- else -%}
        {{ return(false) }}
    {%- endif -%}
{%- endmacro %}

{% macro should_full_refresh() -%}
    {%- set config_full_refresh = config.get('full_refresh') -%}
    {%- if config_full_refresh is none -%}{%- set config_full_refresh = flags.FULL_REFRESH -%}{%- endif -%}
    {{ return(config_full_refresh) }}
{%- endmacro %}

{% macro should_store_failures() -%}
    {%- set config_store_failures = config.get('store_failures') -%}
    {%- if config_store_failures is none -%}{%- set config_store_failures = flags.STORE_FAILURES -%}{%- endif -%}
    {{ return(config_store_failures) }}
{%- endmacro %}

{% macro set_sql_header(config) -%}{{ config.set('sql_header', caller()) }}{%- endmacro %}

{% macro get_where_subquery(relation) -%}{{ return(adapter.dispatch('get_where_subquery', 'dbt')(relation)) }}{%- endmacro %}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {{ return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') }}
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}

{% macro get_create_table_as_sql(temporary, relation, sql) -%}{{ adapter.dispatch('get_create_table_as_sql', 'dbt')(temporary, relation, sql) }}{%- endmacro %}
{% macro default__get_create_table_as_sql(temporary, relation, sql) -%}{{ return(create_table_as(temporary, relation, sql)) }}{%- endmacro %}

{% macro create_table_as(temporary, relation, compiled_code, language='sql') -%}{{ adapter.dispatch('create_table_as', 'dbt')(temporary, relation, compiled_code) }}{%- endmacro %}
{% macro default__create_table_as(temporary, relation, sql) -%}
    {%- set sql_header = config.get('sql_header', none) -%}
    {{ sql_header if sql_header is not none }}
    create {% if temporary -%}temporary{%- endif %} table
      {{ relation.include(database=(not temporary), schema=(not temporary)) }}
    as (
      {{ sql }}
    );
{%- endmacro %}

{#- dbt-snowflake: `create or replace` a transient table (the `transient` config, true by default) or a temporary one. -#}
{% macro snowflake__create_table_as(temporary, relation, sql) -%}
    {%- set transient = config.get('transient', true) -%}
    {%- set copy_grants = config.get('copy_grants', false) -%}
    {%- set sql_header = config.get('sql_header', none) -%}
    {{ sql_header if sql_header is not none }}
    create or replace {{ 'temporary ' if temporary else ('transient ' if transient else '') }}table {{ relation }}
    {%- if copy_grants and not temporary %} copy grants{% endif %}
    as (
      {{ sql }}
    );
{%- endmacro %}

{% macro get_create_view_as_sql(relation, sql) -%}{{ adapter.dispatch('get_create_view_as_sql', 'dbt')(relation, sql) }}{%- endmacro %}
{% macro default__get_create_view_as_sql(relation, sql) -%}{{ return(create_view_as(relation, sql)) }}{%- endmacro %}
{% macro create_view_as(relation, sql) -%}{{ adapter.dispatch('create_view_as', 'dbt')(relation, sql) }}{%- endmacro %}
{% macro default__create_view_as(relation, sql) -%}
    {%- set sql_header = config.get('sql_header', none) -%}
    {{ sql_header if sql_header is not none }}
    create view {{ relation }} as (
      {{ sql }}
    );
{%- endmacro %}

{% macro snowflake__create_view_as(relation, sql) -%}
    {%- set secure = config.get('secure', false) -%}
    {%- set copy_grants = config.get('copy_grants', false) -%}
    {%- set sql_header = config.get('sql_header', none) -%}
    {{ sql_header if sql_header is not none }}
    create or replace {{ 'secure ' if secure }}view {{ relation }}
    {%- if copy_grants %} copy grants{% endif %}
    as (
      {{ sql }}
    );
{%- endmacro %}

{#- run_hooks: a model's pre_hooks / post_hooks (the materialization's context lists them) of one
    kind, each rendered and run. As in dbt-duckdb, no `commit;` goes before the outside ones:
    dailies runs each statement on its own. -#}
{% macro run_hooks(hooks, inside_transaction=true) -%}
    {%- for hook in hooks | selectattr('transaction', 'equalto', inside_transaction) -%}
        {%- set rendered = render(hook.get('sql')) | trim -%}
        {%- if rendered | length > 0 -%}
            {%- call statement(auto_begin=inside_transaction) -%}{{ rendered }}{%- endcall -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{% macro get_show_sql(compiled_code, sql_header, limit) -%}
    {%- if sql_header is not none -%}{{ sql_header }}{%- endif %}
    {{ get_limit_subquery_sql(compiled_code, limit) }}
{%- endmacro %}
{% macro get_limit_subquery_sql(sql, limit) -%}{{ adapter.dispatch('get_limit_sql', 'dbt')(sql, limit) }}{%- endmacro %}
{% macro default__get_limit_sql(sql, limit) -%}
    {{ sql }}
    {% if limit is not none %}limit {{ limit }}{%- endif -%}
{%- endmacro %}

{% macro get_quoted_csv(column_names) -%}
    {%- set quoted = [] -%}
    {%- for col in column_names -%}{%- do quoted.append(adapter.quote(col)) -%}{%- endfor -%}
    {{ return(quoted | join(', ')) }}
{%- endmacro %}

{% macro get_merge_update_columns(merge_update_columns, merge_exclude_columns, dest_columns) -%}
    {%- if merge_update_columns and merge_exclude_columns -%}
        {{ exceptions.raise_compiler_error('Model cannot specify merge_update_columns and merge_exclude_columns. Please update model to use only one config') }}
    {%- elif merge_update_columns -%}
        {{ return(merge_update_columns) }}
    {%- elif merge_exclude_columns -%}
        {%- set excluded = merge_exclude_columns | map('lower') | list -%}
        {{ return(get_quoted_csv_list(dest_columns, excluded)) }}
    {%- else -%}
        {{ return(dest_columns | map(attribute='quoted') | list) }}
    {%- endif -%}
{%- endmacro %}
{% macro get_quoted_csv_list(dest_columns, excluded) -%}
    {%- set kept = [] -%}
    {%- for col in dest_columns -%}{%- if col.name | lower not in excluded -%}{%- do kept.append(col.quoted) -%}{%- endif -%}{%- endfor -%}
    {{ return(kept) }}
{%- endmacro %}

{% macro get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
    -- back compat for old kwarg name
    {% set incremental_predicates = kwargs.get('predicates', incremental_predicates) %}
    {{ adapter.dispatch('get_merge_sql', 'dbt')(target, source, unique_key, dest_columns, incremental_predicates) }}
{%- endmacro %}
{% macro default__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
    {%- set predicates = [] if incremental_predicates is none else [] + incremental_predicates -%}
    {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
    {%- set update_columns = get_merge_update_columns(config.get('merge_update_columns'), config.get('merge_exclude_columns'), dest_columns) -%}
    {%- set sql_header = config.get('sql_header', none) -%}
    {%- if unique_key -%}
        {%- if unique_key is sequence and unique_key is not mapping and unique_key is not string -%}
            {%- for key in unique_key -%}{%- do predicates.append('DBT_INTERNAL_SOURCE.' ~ key ~ ' = DBT_INTERNAL_DEST.' ~ key) -%}{%- endfor -%}
        {%- else -%}
            {%- do predicates.append(equals('DBT_INTERNAL_SOURCE.' ~ unique_key, 'DBT_INTERNAL_DEST.' ~ unique_key) | trim) -%}
        {%- endif -%}
    {%- else -%}
        {%- do predicates.append('FALSE') -%}
    {%- endif -%}
    {{ sql_header if sql_header is not none }}
    merge into {{ target }} as DBT_INTERNAL_DEST
        using {{ source }} as DBT_INTERNAL_SOURCE
        on {{ "(" ~ predicates | join(") and (") ~ ")" }}
    {% if unique_key %}
    when matched then update set
        {% for column_name in update_columns -%}{{ column_name }} = DBT_INTERNAL_SOURCE.{{ column_name }}{%- if not loop.last %}, {% endif %}{%- endfor %}
    {% endif %}
    when not matched then insert
        ({{ dest_cols_csv }})
    values
        ({{ dest_cols_csv }})
{%- endmacro %}

{#- dbt-duckdb's MERGE (UPDATE BY NAME / INSERT BY NAME) for the configs dailies knows:
    unique_key, incremental_predicates, merge_update_columns / merge_exclude_columns. -#}
{% macro duckdb__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
    {%- for option in ['merge_clauses', 'merge_on_using_columns', 'merge_update_condition', 'merge_insert_condition', 'merge_update_set_expressions', 'merge_returning_columns'] -%}
        {%- if config.get(option) -%}
            {{ exceptions.raise_compiler_error("the " ~ option ~ " config of dbt-duckdb's merge is not supported by dailies yet") }}
        {%- endif -%}
    {%- endfor -%}
    {%- set predicates = [] -%}
    {%- if unique_key -%}
        {%- for key in ([unique_key] if unique_key is string else unique_key) -%}
            {%- do predicates.append("DBT_INTERNAL_SOURCE." ~ key ~ " = DBT_INTERNAL_DEST." ~ key) -%}
        {%- endfor -%}
    {%- else -%}
        {%- do predicates.append('FALSE') -%}
    {%- endif -%}
    {%- set update_columns = config.get('merge_update_columns') or [] -%}
    {%- set exclude_columns = config.get('merge_exclude_columns') or [] -%}
    {%- set sql_header = config.get('sql_header', none) -%}
    {{ sql_header if sql_header is not none }}
    MERGE INTO {{ target }} AS DBT_INTERNAL_DEST
        USING {{ source }} AS DBT_INTERNAL_SOURCE
        ON ({{ (predicates + (incremental_predicates or [])) | join(") AND (") }})
    WHEN MATCHED
    THEN
    {%- if update_columns or exclude_columns %}
        UPDATE SET
        {%- for column in get_merge_update_columns(update_columns, exclude_columns, dest_columns) %}
        {{ column }} = DBT_INTERNAL_SOURCE.{{ column }}{% if not loop.last %}, {% endif %}
        {%- endfor %}
    {%- else %}
        UPDATE BY NAME
    {%- endif %}
    WHEN NOT MATCHED
    THEN
        INSERT BY NAME
{%- endmacro %}

{% macro get_test_sql(main_sql, fail_calc, warn_if, error_if, limit) -%}{{ adapter.dispatch('get_test_sql', 'dbt')(main_sql, fail_calc, warn_if, error_if, limit) }}{%- endmacro %}
{% macro default__get_test_sql(main_sql, fail_calc, warn_if, error_if, limit) -%}
    select
      {{ fail_calc }} as failures,
      {{ fail_calc }} {{ warn_if }} as should_warn,
      {{ fail_calc }} {{ error_if }} as should_error
    from (
      {{ main_sql }}
      {{ "limit " ~ limit if limit != none }}
    ) dbt_internal_test
{%- endmacro %}
