{#- The snapshot internals of dbt's global project as projects and packages call them (custom
    snapshot strategies, packages building SCD2 tables): strategy_dispatch, the timestamp and check
    strategies, the staging query, the first build, the merge, create_columns, post_snapshot.
    dailies's own snapshots run natively (src/run/snapshots.ts); these render the SQL dbt-duckdb
    1.11 / dbt-snowflake 1.11 render (snapshot_hash_arguments and snapshot_string_as_time are in
    ddl.sql, snapshot_get_time in dates.sql, get_true_sql in expressions.sql). -#}

{#- `snapshot_<name>_strategy` by name, optionally qualified by a package (`my_pkg.custom`). -#}
{% macro strategy_dispatch(name) -%}
    {%- set original_name = name -%}
    {%- set package_name = none -%}
    {%- if '.' in name -%}
        {%- set parts = name.split('.', 1) -%}
        {%- set package_name = parts[0] -%}
        {%- set name = parts[1] -%}
    {%- endif -%}
    {%- if package_name is none -%}
        {%- set package_context = context -%}
    {%- elif package_name in context -%}
        {%- set package_context = context[package_name] -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("Could not find package '" ~ package_name ~ "', called with '" ~ original_name ~ "'") }}
    {%- endif -%}
    {%- set search_name = 'snapshot_' ~ name ~ '_strategy' -%}
    {%- if search_name not in package_context -%}
        {{ exceptions.raise_compiler_error("The specified strategy macro '" ~ name ~ "' was not found in package '" ~ package_name ~ "'") }}
    {%- endif -%}
    {{ return(package_context[search_name]) }}
{%- endmacro %}

{% macro get_snapshot_table_column_names() -%}
    {{ return({'dbt_valid_to': 'dbt_valid_to', 'dbt_valid_from': 'dbt_valid_from', 'dbt_scd_id': 'dbt_scd_id', 'dbt_updated_at': 'dbt_updated_at', 'dbt_is_deleted': 'dbt_is_deleted'}) }}
{%- endmacro %}

{#- adapter.get_hard_deletes_behavior(config): `hard_deletes`, or the legacy `invalidate_hard_deletes`. -#}
{% macro _dailies_hard_deletes(config) -%}
    {%- set hard_deletes = config.get('hard_deletes') -%}
    {%- set legacy = config.get('invalidate_hard_deletes') -%}
    {%- if hard_deletes and legacy -%}
        {{ exceptions.raise_compiler_error("You cannot set both the invalidate_hard_deletes and hard_deletes config properties on the same snapshot.") }}
    {%- endif -%}
    {%- if legacy or hard_deletes == 'invalidate' -%}{{ return('invalidate') }}{%- endif -%}
    {%- if hard_deletes in ['new_record', 'ignore'] -%}{{ return(hard_deletes) }}{%- endif -%}
    {%- if hard_deletes -%}
        {{ exceptions.raise_compiler_error("Invalid setting for property hard_deletes.") }}
    {%- endif -%}
    {{ return('ignore') }}
{%- endmacro %}

{#- api.Relation.scd_args: the key column(s), then updated_at. -#}
{% macro _dailies_scd_args(primary_key, updated_at) -%}
    {%- if primary_key is sequence and primary_key is not string -%}{{ return(primary_key + [updated_at]) }}{%- endif -%}
    {{ return([primary_key, updated_at]) }}
{%- endmacro %}

{% macro _dailies_snapshot_strategy(primary_key, updated_at, row_changed) -%}
    {%- set hard_deletes = _dailies_hard_deletes(config) -%}
    {{ return({
        'unique_key': primary_key,
        'updated_at': updated_at,
        'row_changed': row_changed,
        'scd_id': snapshot_hash_arguments(_dailies_scd_args(primary_key, updated_at)),
        'invalidate_hard_deletes': hard_deletes == 'invalidate',
        'hard_deletes': hard_deletes
    }) }}
{%- endmacro %}

{#- A row changed when the snapshot's valid_from is older than the source's updated_at. -#}
{% macro snapshot_timestamp_strategy(node, snapshotted_rel, current_rel, model_config, target_exists) -%}
    {%- set columns = config.get('snapshot_table_column_names') or get_snapshot_table_column_names() -%}
    {%- set updated_at = config.get('updated_at') -%}
    {%- set row_changed = '(' ~ snapshotted_rel ~ '.' ~ columns.dbt_valid_from ~ ' < ' ~ current_rel ~ '.' ~ updated_at ~ ')' -%}
    {{ return(_dailies_snapshot_strategy(config.get('unique_key'), updated_at, row_changed)) }}
{%- endmacro %}

{#- The check_cols that the snapshot table has (quoted), and whether the query added a column. -#}
{% macro snapshot_check_all_get_existing_columns(node, target_exists, check_cols_config) -%}
    {%- if not target_exists -%}{{ return((false, query_columns)) }}{%- endif -%}
    {%- set target_relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {%- if check_cols_config == 'all' -%}
        {%- set query_columns = get_columns_in_query(node['compiled_code']) -%}
    {%- elif check_cols_config is iterable and (check_cols_config | length) > 0 -%}
        {%- set query_columns = get_columns_in_query('select ' ~ check_cols_config | join(', ') ~ ' from (\n' ~ node['compiled_code'] ~ '\n) subq') -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("Invalid value for 'check_cols': " ~ check_cols_config) }}
    {%- endif -%}
    {%- set existing = adapter.get_columns_in_relation(target_relation) | map(attribute='name') | list -%}
    {%- set ns = namespace(column_added=false) -%}
    {%- set intersection = [] -%}
    {%- for col in query_columns -%}
        {%- if col in existing -%}{%- do intersection.append(adapter.quote(col)) -%}{%- else -%}{%- set ns.column_added = true -%}{%- endif -%}
    {%- endfor -%}
    {{ return((ns.column_added, intersection)) }}
{%- endmacro %}

{#- A row changed when any checked column differs, nulls included (or always, once a column was added). -#}
{% macro snapshot_check_strategy(node, snapshotted_rel, current_rel, model_config, target_exists) -%}
    {%- set updated_at = config.get('updated_at') or snapshot_get_time() -%}
    {%- set found = snapshot_check_all_get_existing_columns(node, target_exists, config.get('check_cols')) -%}
    {%- set tests = [] -%}
    {%- for col in found[1] -%}
        {%- set before = snapshotted_rel ~ '.' ~ col -%}
        {%- set after = current_rel ~ '.' ~ col -%}
        {%- do tests.append(before ~ ' != ' ~ after ~ ' or (((' ~ before ~ ' is null) and not (' ~ after ~ ' is null)) or ((not ' ~ before ~ ' is null) and (' ~ after ~ ' is null)))') -%}
    {%- endfor -%}
    {%- set row_changed = '(' ~ (get_true_sql() | trim if found[0] else tests | join(' or ')) ~ ')' -%}
    {{ return(_dailies_snapshot_strategy(config.get('unique_key'), updated_at, row_changed)) }}
{%- endmacro %}

{% macro get_dbt_valid_to_current(strategy, columns) -%}
    coalesce(nullif({{ strategy.updated_at }}, {{ strategy.updated_at }}), {{ config.get('dbt_valid_to_current') or 'null' }}) as {{ columns.dbt_valid_to }}
{%- endmacro %}

{% macro unique_key_fields(unique_key) -%}
    {%- if unique_key is sequence and unique_key is not string -%}
        {%- for key in unique_key %}{{ key }} as dbt_unique_key_{{ loop.index }}{{ ', ' if not loop.last }}{% endfor -%}
    {%- else -%}
        {{ unique_key }} as dbt_unique_key
    {%- endif -%}
{%- endmacro %}
{% macro unique_key_join_on(unique_key, identifier, from_identifier) -%}
    {%- if unique_key is sequence and unique_key is not string -%}
        {%- for key in unique_key %}{{ equals(identifier ~ '.dbt_unique_key_' ~ loop.index, from_identifier ~ '.dbt_unique_key_' ~ loop.index) }}{{ ' and ' if not loop.last }}{% endfor -%}
    {%- else -%}
        {{ identifier }}.dbt_unique_key = {{ from_identifier }}.dbt_unique_key
    {%- endif -%}
{%- endmacro %}
{% macro unique_key_is_null(unique_key, identifier) -%}
    {{ identifier }}.dbt_unique_key{{ '_1' if unique_key is sequence and unique_key is not string }} is null
{%- endmacro %}
{% macro unique_key_is_not_null(unique_key, identifier) -%}
    {{ identifier }}.dbt_unique_key{{ '_1' if unique_key is sequence and unique_key is not string }} is not null
{%- endmacro %}

{#- The rows a snapshot run writes: new and changed rows to insert, current rows to close, and (with
    hard_deletes) rows gone from the source. -#}
{% macro snapshot_staging_table(strategy, source_sql, target_relation) -%}{{ adapter.dispatch('snapshot_staging_table', 'dbt')(strategy, source_sql, target_relation) }}{%- endmacro %}
{% macro default__snapshot_staging_table(strategy, source_sql, target_relation) -%}
    {%- set columns = config.get('snapshot_table_column_names') or get_snapshot_table_column_names() -%}
    {%- set key = strategy.unique_key -%}
    {%- set deletes = strategy.hard_deletes in ['invalidate', 'new_record'] -%}
    {%- set new_record = strategy.hard_deletes == 'new_record' -%}
    {%- set valid_to_current = config.get('dbt_valid_to_current') -%}
    {%- set current_filter = (equals(columns.dbt_valid_to, valid_to_current) ~ ' or ' ~ columns.dbt_valid_to ~ ' is null') if valid_to_current else columns.dbt_valid_to ~ ' is null' -%}
    {%- set latest_is_deleted = 'snapshotted_data.' ~ columns.dbt_is_deleted ~ " = 'True' and " ~ ('snapshotted_data.' ~ columns.dbt_valid_to ~ ' = ' ~ valid_to_current if valid_to_current else 'snapshotted_data.' ~ columns.dbt_valid_to ~ ' is null') -%}
    {%- set reopened = (" or snapshotted_data." ~ columns.dbt_is_deleted ~ " = 'True'") if new_record else '' -%}
    with snapshot_query as (
        {{ source_sql }}
    ),
    snapshotted_data as (
        select *, {{ unique_key_fields(key) }}
        from {{ target_relation }}
        where {{ '(' ~ current_filter ~ ')' if valid_to_current else current_filter }}
    ),
    insertions_source_data as (
        select *, {{ unique_key_fields(key) }},
            {{ strategy.updated_at }} as {{ columns.dbt_updated_at }},
            {{ strategy.updated_at }} as {{ columns.dbt_valid_from }},
            {{ get_dbt_valid_to_current(strategy, columns) }},
            {{ strategy.scd_id }} as {{ columns.dbt_scd_id }}
        from snapshot_query
    ),
    updates_source_data as (
        select *, {{ unique_key_fields(key) }},
            {{ strategy.updated_at }} as {{ columns.dbt_updated_at }},
            {{ strategy.updated_at }} as {{ columns.dbt_valid_from }},
            {{ strategy.updated_at }} as {{ columns.dbt_valid_to }}
        from snapshot_query
    ),
    {%- if deletes %}
    deletes_source_data as (
        select *, {{ unique_key_fields(key) }}
        from snapshot_query
    ),
    {%- endif %}
    insertions as (
        select
            'insert' as dbt_change_type,
            source_data.*
            {%- if new_record %}, 'False' as {{ columns.dbt_is_deleted }}{% endif %}
        from insertions_source_data as source_data
        left outer join snapshotted_data
            on {{ unique_key_join_on(key, 'snapshotted_data', 'source_data') }}
            where {{ unique_key_is_null(key, 'snapshotted_data') }}
            or ({{ unique_key_is_not_null(key, 'snapshotted_data') }} and ({{ strategy.row_changed }}{{ reopened }}))
    ),
    updates as (
        select
            'update' as dbt_change_type,
            source_data.*,
            snapshotted_data.{{ columns.dbt_scd_id }}
            {%- if new_record %}, snapshotted_data.{{ columns.dbt_is_deleted }}{% endif %}
        from updates_source_data as source_data
        join snapshotted_data
            on {{ unique_key_join_on(key, 'snapshotted_data', 'source_data') }}
        where ({{ strategy.row_changed }}{{ reopened }})
    )
    {%- if deletes %},
    deletes as (
        select
            'delete' as dbt_change_type,
            source_data.*,
            {{ snapshot_get_time() }} as {{ columns.dbt_valid_from }},
            {{ snapshot_get_time() }} as {{ columns.dbt_updated_at }},
            {{ snapshot_get_time() }} as {{ columns.dbt_valid_to }},
            snapshotted_data.{{ columns.dbt_scd_id }}
            {%- if new_record %}, snapshotted_data.{{ columns.dbt_is_deleted }}{% endif %}
        from snapshotted_data
        left join deletes_source_data as source_data
            on {{ unique_key_join_on(key, 'snapshotted_data', 'source_data') }}
            where {{ unique_key_is_null(key, 'source_data') }}
            {%- if new_record %}
            and not (
                --avoid updating the record's valid_to if the latest entry is marked as deleted
                {{ latest_is_deleted }})
            {%- endif %}
    )
    {%- endif %}
    {%- if new_record %}
    {%- set snapshotted_cols = get_list_of_column_names(get_columns_in_relation(target_relation)) -%}
    {%- set source_col_names = get_columns_in_query(source_sql) -%}
    ,
    deletion_records as (
        select
            'insert' as dbt_change_type,
            {%- for col_name in source_col_names %}
            {{ 'snapshotted_data' if col_name in snapshotted_cols else 'source_data' }}.{{ adapter.quote(col_name) }},
            {%- endfor %}
            {%- if key is sequence and key is not string %}
            {%- for part in key %}
            snapshotted_data.{{ part }} as dbt_unique_key_{{ loop.index }},
            {%- endfor %}
            {%- else %}
            snapshotted_data.dbt_unique_key as dbt_unique_key,
            {%- endif %}
            {{ snapshot_get_time() }} as {{ columns.dbt_valid_from }},
            {{ snapshot_get_time() }} as {{ columns.dbt_updated_at }},
            snapshotted_data.{{ columns.dbt_valid_to }} as {{ columns.dbt_valid_to }},
            {{ snapshot_hash_arguments([columns.dbt_scd_id, snapshot_get_time()]) }} as {{ columns.dbt_scd_id }},
            'True' as {{ columns.dbt_is_deleted }}
        from snapshotted_data
        left join deletes_source_data as source_data
            on {{ unique_key_join_on(key, 'snapshotted_data', 'source_data') }}
        where {{ unique_key_is_null(key, 'source_data') }}
        and not (
            --avoid inserting a new record if the latest one is marked as deleted
            {{ latest_is_deleted }})
    )
    {%- endif %}
    select * from insertions
    union all
    select * from updates
    {%- if deletes %}
    union all
    select * from deletes
    {%- endif %}
    {%- if new_record %}
    union all
    select * from deletion_records
    {%- endif %}
{%- endmacro %}

{#- The first build of a snapshot: every row, with its scd id, valid_from and an open valid_to. -#}
{% macro build_snapshot_table(strategy, sql) -%}{{ adapter.dispatch('build_snapshot_table', 'dbt')(strategy, sql) }}{%- endmacro %}
{% macro default__build_snapshot_table(strategy, sql) -%}
    {%- set columns = config.get('snapshot_table_column_names') or get_snapshot_table_column_names() -%}
    select *,
        {{ strategy.scd_id }} as {{ columns.dbt_scd_id }},
        {{ strategy.updated_at }} as {{ columns.dbt_updated_at }},
        {{ strategy.updated_at }} as {{ columns.dbt_valid_from }},
        {{ get_dbt_valid_to_current(strategy, columns) }}
        {%- if strategy.hard_deletes == 'new_record' %}, 'False' as {{ columns.dbt_is_deleted }}{% endif %}
    from (
        {{ sql }}
    ) sbq
{%- endmacro %}

{#- The staging query as a temporary table (dbt-duckdb: a temporary table outside any schema). Runs it. -#}
{% macro build_snapshot_staging_table(strategy, sql, target_relation) -%}{{ return(adapter.dispatch('build_snapshot_staging_table', 'dbt')(strategy, sql, target_relation)) }}{%- endmacro %}
{% macro default__build_snapshot_staging_table(strategy, sql, target_relation) -%}
    {%- set temp_relation = make_temp_relation(target_relation) -%}
    {%- set select = snapshot_staging_table(strategy, sql, target_relation) -%}
    {%- call statement('build_snapshot_staging_relation') -%}{{ create_table_as(True, temp_relation, select) }}{%- endcall -%}
    {{ return(temp_relation) }}
{%- endmacro %}

{% macro snapshot_merge_sql(target, source, insert_cols) -%}{{ adapter.dispatch('snapshot_merge_sql', 'dbt')(target, source, insert_cols) }}{%- endmacro %}
{% macro default__snapshot_merge_sql(target, source, insert_cols) -%}
    {%- set columns = config.get('snapshot_table_column_names') or get_snapshot_table_column_names() -%}
    {%- set valid_to_current = config.get('dbt_valid_to_current') -%}
    {%- set dest_valid_to = 'DBT_INTERNAL_DEST.' ~ columns.dbt_valid_to -%}
    merge into {{ target.render() }} as DBT_INTERNAL_DEST
    using {{ source }} as DBT_INTERNAL_SOURCE
    on DBT_INTERNAL_SOURCE.{{ columns.dbt_scd_id }} = DBT_INTERNAL_DEST.{{ columns.dbt_scd_id }}
    when matched
        {% if valid_to_current -%}
        and ({{ equals(dest_valid_to, valid_to_current | trim) }} or {{ dest_valid_to }} is null)
        {%- else -%}
        and {{ dest_valid_to }} is null
        {%- endif %}
        and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')
        then update
        set {{ columns.dbt_valid_to }} = DBT_INTERNAL_SOURCE.{{ columns.dbt_valid_to }}
    when not matched
        and DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'
        then insert ({{ insert_cols | join(', ') }})
        values ({{ insert_cols | join(', ') }})
{%- endmacro %}
{#- dbt-duckdb: an UPDATE closing the changed rows, then an INSERT of the new ones. -#}
{% macro duckdb__snapshot_merge_sql(target, source, insert_cols) -%}
    {%- set columns = config.get('snapshot_table_column_names') or get_snapshot_table_column_names() -%}
    {%- set valid_to_current = config.get('dbt_valid_to_current') -%}
    update {{ target }} as DBT_INTERNAL_TARGET
    set {{ columns.dbt_valid_to }} = DBT_INTERNAL_SOURCE.{{ columns.dbt_valid_to }}
    from {{ source }} as DBT_INTERNAL_SOURCE
    where DBT_INTERNAL_SOURCE.{{ columns.dbt_scd_id }}::text = DBT_INTERNAL_TARGET.{{ columns.dbt_scd_id }}::text
      and DBT_INTERNAL_SOURCE.dbt_change_type::text in ('update'::text, 'delete'::text)
      {% if valid_to_current -%}
      and (DBT_INTERNAL_TARGET.{{ columns.dbt_valid_to }} = {{ valid_to_current }} or DBT_INTERNAL_TARGET.{{ columns.dbt_valid_to }} is null);
      {%- else -%}
      and DBT_INTERNAL_TARGET.{{ columns.dbt_valid_to }} is null;
      {%- endif %}

    insert into {{ target }} ({{ insert_cols | join(', ') }})
    select {% for column in insert_cols %}DBT_INTERNAL_SOURCE.{{ column }}{{ ', ' if not loop.last }}{% endfor %}
    from {{ source }} as DBT_INTERNAL_SOURCE
    where DBT_INTERNAL_SOURCE.dbt_change_type::text = 'insert'::text;
{%- endmacro %}
{% macro snowflake__snapshot_merge_sql(target, source, insert_cols) -%}
    {{ return(snowflake_dml_explicit_transaction(default__snapshot_merge_sql(target, source, insert_cols))) }}
{%- endmacro %}

{#- After the merge: nothing in dbt-core; dbt-duckdb drops the staging table. -#}
{% macro post_snapshot(staging_relation) -%}{{ adapter.dispatch('post_snapshot', 'dbt')(staging_relation) }}{%- endmacro %}
{% macro default__post_snapshot(staging_relation) -%}{%- endmacro %}
{% macro duckdb__post_snapshot(staging_relation) -%}{{ return(drop_relation(staging_relation)) }}{%- endmacro %}

{#- Adds the source's new columns to the snapshot table, one ALTER each. Runs them. -#}
{% macro create_columns(relation, columns) -%}{{ adapter.dispatch('create_columns', 'dbt')(relation, columns) }}{%- endmacro %}
{% macro default__create_columns(relation, columns) -%}
    {%- for column in columns -%}
        {%- call statement() -%}
        alter table {{ relation.render() }} add column {{ adapter.quote(column.name) }} {{ column.expanded_data_type }};
        {%- endcall -%}
    {%- endfor -%}
{%- endmacro %}
