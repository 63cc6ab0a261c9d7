{#- The incremental strategies of dbt's global project as projects and packages call them (custom
    materializations, custom strategies, macros building merge SQL): each takes dbt's arg_dict
    (target_relation, temp_relation, unique_key, dest_columns, incremental_predicates) and
    returns the SQL dbt-duckdb 1.11 / dbt-snowflake 1.11 return for it. dailies's own incremental
    materialization runs natively (src/run/materializations/incremental.ts) and calls a project's
    `get_incremental_<name>_sql` for a custom `incremental_strategy`. get_insert_into_sql,
    get_delete_insert_merge_sql (ddl.sql) and get_merge_sql, get_quoted_csv,
    get_merge_update_columns (materializations.sql) are the pieces these build on. -#}

{% macro get_incremental_append_sql(arg_dict) -%}{{ return(adapter.dispatch('get_incremental_append_sql', 'dbt')(arg_dict)) }}{%- endmacro %}
{% macro default__get_incremental_append_sql(arg_dict) -%}
    {{ return(get_insert_into_sql(arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['dest_columns'])) }}
{%- endmacro %}
{% macro snowflake__get_incremental_append_sql(arg_dict) -%}
    {{ return(snowflake_dml_explicit_transaction(default__get_incremental_append_sql(arg_dict))) }}
{%- endmacro %}

{% macro get_incremental_delete_insert_sql(arg_dict) -%}{{ return(adapter.dispatch('get_incremental_delete_insert_sql', 'dbt')(arg_dict)) }}{%- endmacro %}
{% macro default__get_incremental_delete_insert_sql(arg_dict) -%}
    {{ return(get_delete_insert_merge_sql(arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['unique_key'], arg_dict['dest_columns'], arg_dict['incremental_predicates'])) }}
{%- endmacro %}

{% macro get_incremental_merge_sql(arg_dict) -%}{{ return(adapter.dispatch('get_incremental_merge_sql', 'dbt')(arg_dict)) }}{%- endmacro %}
{% macro default__get_incremental_merge_sql(arg_dict) -%}
    {{ return(get_merge_sql(arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['unique_key'], arg_dict['dest_columns'], arg_dict['incremental_predicates'])) }}
{%- endmacro %}
{#- dbt-duckdb goes straight to its MERGE (no "back compat" comment), a lone predicate string made a list. -#}
{% macro duckdb__get_incremental_merge_sql(arg_dict) -%}
    {%- set predicates = arg_dict.get('incremental_predicates') -%}
    {%- if predicates is string -%}{%- set predicates = [predicates] -%}{%- endif -%}
    {{ return(duckdb__get_merge_sql(arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['unique_key'], arg_dict['dest_columns'], predicates or [])) }}
{%- endmacro %}

{% macro get_incremental_insert_overwrite_sql(arg_dict) -%}{{ return(adapter.dispatch('get_incremental_insert_overwrite_sql', 'dbt')(arg_dict)) }}{%- endmacro %}
{% macro default__get_incremental_insert_overwrite_sql(arg_dict) -%}
    {{ return(get_insert_overwrite_merge_sql(arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['dest_columns'], arg_dict['incremental_predicates'])) }}
{%- endmacro %}
{#- dbt-snowflake: INSERT OVERWRITE replaces the whole table (optionally only `overwrite_columns`). -#}
{% macro snowflake__get_incremental_insert_overwrite_sql(arg_dict) -%}
    {%- set overwrite_columns = config.get('overwrite_columns', []) -%}
    {%- set dml -%}
    {{ config.get('sql_header', '') }}
    insert overwrite into {{ arg_dict['target_relation'].render() }} {{ '(' ~ overwrite_columns | join(', ') ~ ')' if overwrite_columns }}
        select {{ overwrite_columns | join(', ') if overwrite_columns else '*' }}
        from {{ arg_dict['temp_relation'].render() }}
    {%- endset -%}
    {{ return(snowflake_dml_explicit_transaction(dml)) }}
{%- endmacro %}

{#- The strategy a model without incremental_strategy gets: append in dbt-core, delete+insert in
    dbt-duckdb, merge in dbt-snowflake. -#}
{% macro get_incremental_default_sql(arg_dict) -%}{{ return(adapter.dispatch('get_incremental_default_sql', 'dbt')(arg_dict)) }}{%- endmacro %}
{% macro default__get_incremental_default_sql(arg_dict) -%}{{ return(get_incremental_append_sql(arg_dict)) }}{%- endmacro %}
{% macro duckdb__get_incremental_default_sql(arg_dict) -%}{{ return(get_incremental_delete_insert_sql(arg_dict)) }}{%- endmacro %}
{% macro snowflake__get_incremental_default_sql(arg_dict) -%}{{ return(get_incremental_merge_sql(arg_dict)) }}{%- endmacro %}

{% macro get_incremental_microbatch_sql(arg_dict) -%}{{ return(adapter.dispatch('get_incremental_microbatch_sql', 'dbt')(arg_dict)) }}{%- endmacro %}
{% macro default__get_incremental_microbatch_sql(arg_dict) -%}
    {{ exceptions.raise_not_implemented('microbatch materialization strategy not implemented for adapter ' ~ adapter.type()) }}
{%- endmacro %}
{#- dbt-duckdb: one batch is a delete+insert on event_time between the batch's bounds (model.batch). -#}
{% macro duckdb__get_incremental_microbatch_sql(arg_dict) -%}
    {%- set event_time = config.get('event_time') -%}
    {%- if not event_time -%}
        {{ exceptions.raise_compiler_error("microbatch incremental strategy requires an 'event_time' model config") }}
    {%- endif -%}
    {%- if config.get('unique_key') -%}
        {{ exceptions.raise_compiler_error("microbatch incremental strategy does not support 'unique_key'. Microbatch runs delete+insert per batch based on 'event_time' and does not do key-based upserts. Remove 'unique_key' or use incremental_strategy='merge'.") }}
    {%- endif -%}
    {%- set batch = model.get('batch') -%}
    {%- set start = batch.get('event_time_start') if batch else none -%}
    {%- set end = batch.get('event_time_end') if batch else none -%}
    {%- if not (start and end) -%}
        {{ exceptions.raise_compiler_error("microbatch incremental strategy requires 'batch.event_time_start' and 'batch.event_time_end' to be set in the context") }}
    {%- endif -%}
    {%- set predicates = arg_dict.get('incremental_predicates') -%}
    {%- if predicates is string -%}{%- set predicates = [predicates] -%}{%- endif -%}
    {%- set columns_csv = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- set in_batch = event_time ~ " >= '" ~ start ~ "' and " ~ event_time ~ " < '" ~ end ~ "'" -%}
    delete from {{ arg_dict['target_relation'] }}
    where {{ in_batch }}
    {%- for predicate in predicates or [] %}
    and ({{ predicate }})
    {%- endfor %};

    insert into {{ arg_dict['target_relation'] }} ({{ columns_csv }})
    select {{ columns_csv }}
    from {{ arg_dict['temp_relation'] }}
    where {{ in_batch }};
{%- endmacro %}
{#- dbt-snowflake: the batch's bounds become predicates on the target, then delete and insert. -#}
{% macro snowflake__get_incremental_microbatch_sql(arg_dict) -%}
    {%- set predicates = [] + (arg_dict.get('incremental_predicates') or []) -%}
    {%- set event_time = model.config.event_time -%}
    {%- if model.batch and model.batch.event_time_start -%}
        {%- do predicates.append("DBT_INTERNAL_TARGET." ~ event_time ~ " >= to_timestamp_tz('" ~ model.config.__dbt_internal_microbatch_event_time_start ~ "')") -%}
    {%- endif -%}
    {%- if model.batch and model.batch.event_time_end -%}
        {%- do predicates.append("DBT_INTERNAL_TARGET." ~ event_time ~ " < to_timestamp_tz('" ~ model.config.__dbt_internal_microbatch_event_time_end ~ "')") -%}
    {%- endif -%}
    {%- do arg_dict.update({'incremental_predicates': predicates}) -%}
    {%- set columns_csv = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }} DBT_INTERNAL_TARGET
    where ({{ predicates | join(' and ') }});
    insert into {{ arg_dict['target_relation'] }} ({{ columns_csv }})
    (
        select {{ columns_csv }}
        from {{ arg_dict['temp_relation'] }}
    )
{%- endmacro %}

{#- insert_overwrite as a MERGE: keep nothing of the target that the predicates select, insert every new row. -#}
{% macro get_insert_overwrite_merge_sql(target, source, dest_columns, predicates, include_sql_header=false) -%}{{ adapter.dispatch('get_insert_overwrite_merge_sql', 'dbt')(target, source, dest_columns, predicates, include_sql_header) }}{%- endmacro %}
{% macro default__get_insert_overwrite_merge_sql(target, source, dest_columns, predicates, include_sql_header) -%}
    {%- set columns_csv = get_quoted_csv(dest_columns | map(attribute='name')) -%}
    {%- set sql_header = config.get('sql_header', none) -%}
    {{ sql_header if sql_header is not none and include_sql_header }}
    merge into {{ target }} as DBT_INTERNAL_DEST
        using {{ source }} as DBT_INTERNAL_SOURCE
        on FALSE
    when not matched by source
        {%- if predicates %} and {{ predicates | join(' and ') }}{% endif %}
        then delete
    when not matched then insert
        ({{ columns_csv }})
    values
        ({{ columns_csv }})
{%- endmacro %}

{% macro get_merge_unique_key_match(source_unique_key, target_unique_key) -%}{{ return(adapter.dispatch('get_merge_unique_key_match', 'dbt')(source_unique_key, target_unique_key)) }}{%- endmacro %}
{% macro default__get_merge_unique_key_match(source_unique_key, target_unique_key) -%}{{ return(equals(source_unique_key, target_unique_key) | trim) }}{%- endmacro %}

{#- dbt-snowflake: a MERGE on a constant-false condition is an insert; every DML in an explicit transaction. -#}
{% macro snowflake__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
    {%- if unique_key is none -%}
        {%- set columns_csv = get_quoted_csv(dest_columns | map(attribute='name')) -%}
        {%- set sql_header = config.get('sql_header', none) -%}
        {%- set dml -%}
        {{ sql_header if sql_header is not none }}
        insert into {{ target }} ({{ columns_csv }})
        (
            select {{ columns_csv }}
            from {{ source }}
        )
        {%- endset -%}
    {%- else -%}
        {%- set dml = default__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
    {%- endif -%}
    {{ return(snowflake_dml_explicit_transaction(dml)) }}
{%- endmacro %}
{% macro snowflake__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
    {{ return(snowflake_dml_explicit_transaction(default__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates))) }}
{%- endmacro %}
{% macro snowflake_dml_explicit_transaction(dml) -%}
    {{ return('begin;\n' ~ dml ~ ';\ncommit;') }}
{%- endmacro %}
