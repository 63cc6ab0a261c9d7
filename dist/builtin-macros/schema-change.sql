{#- on_schema_change as dbt's global project offers it to projects and packages:
    incremental_validate_on_schema_change, check_for_schema_changes, sync_column_schemas,
    process_schema_changes, alter_relation_add_remove_columns, alter_column_type (diff_columns and
    diff_column_data_types are in ddl.sql). They read the warehouse (adapter.get_columns_in_relation)
    and alter tables (run_query / statement), so they do their work when the node is rendered with a
    warehouse just before it runs (a hook, a custom strategy, a model's SQL). Without a warehouse
    they see no columns, as every introspecting call does, except under `compile --no-introspect`
    (flags.INTROSPECT false), where they are an error, as in dbt. -#}

{% macro incremental_validate_on_schema_change(on_schema_change, default='ignore') -%}
    {%- if on_schema_change in ['sync_all_columns', 'append_new_columns', 'fail', 'ignore'] -%}
        {{ return(on_schema_change) }}
    {%- endif -%}
    {%- do log('Invalid value for on_schema_change (%s) specified. Setting default value of %s.' % (on_schema_change, default)) -%}
    {{ return(default) }}
{%- endmacro %}

{#- Columns are read live: refused when introspection is (compile --no-introspect). -#}
{% macro _dailies_require_warehouse(macro_name) -%}
    {%- if execute and not adapter.dailies_has_warehouse() and not flags.INTROSPECT -%}
        {{ exceptions.raise_compiler_error(macro_name ~ ' reads the columns of relations in the warehouse, and this compile runs without one (--no-introspect): compile with a warehouse, or call it where the node runs (a hook, a custom incremental strategy, `dailies build`/`run`)') }}
    {%- endif -%}
{%- endmacro %}

{% macro check_for_schema_changes(source_relation, target_relation) -%}{{ return(adapter.dispatch('check_for_schema_changes', 'dbt')(source_relation, target_relation)) }}{%- endmacro %}
{% macro default__check_for_schema_changes(source_relation, target_relation) -%}
    {%- do _dailies_require_warehouse('check_for_schema_changes') -%}
    {%- set source_columns = adapter.get_columns_in_relation(source_relation) -%}
    {%- set target_columns = adapter.get_columns_in_relation(target_relation) -%}
    {%- set source_not_in_target = diff_columns(source_columns, target_columns) -%}
    {%- set target_not_in_source = diff_columns(target_columns, source_columns) -%}
    {%- set new_target_types = diff_column_data_types(source_columns, target_columns) -%}
    {%- set schema_changed = source_not_in_target != [] or target_not_in_source != [] or new_target_types != [] -%}
    {%- do log('In ' ~ target_relation ~ ':\n    Schema changed: ' ~ schema_changed ~ '\n    Source columns not in target: ' ~ source_not_in_target ~ '\n    Target columns not in source: ' ~ target_not_in_source ~ '\n    New column types: ' ~ new_target_types) -%}
    {{ return({
        'schema_changed': schema_changed,
        'source_not_in_target': source_not_in_target,
        'target_not_in_source': target_not_in_source,
        'source_columns': source_columns,
        'target_columns': target_columns,
        'new_target_types': new_target_types
    }) }}
{%- endmacro %}

{% macro sync_column_schemas(on_schema_change, target_relation, schema_changes_dict) -%}{{ return(adapter.dispatch('sync_column_schemas', 'dbt')(on_schema_change, target_relation, schema_changes_dict)) }}{%- endmacro %}
{% macro default__sync_column_schemas(on_schema_change, target_relation, schema_changes_dict) -%}
    {%- set added = schema_changes_dict['source_not_in_target'] -%}
    {%- set removed = schema_changes_dict['target_not_in_source'] -%}
    {%- set retyped = schema_changes_dict['new_target_types'] -%}
    {%- if on_schema_change == 'append_new_columns' -%}
        {%- if added | length > 0 -%}{%- do alter_relation_add_remove_columns(target_relation, added, none) -%}{%- endif -%}
    {%- elif on_schema_change == 'sync_all_columns' -%}
        {%- if added | length > 0 or removed | length > 0 -%}{%- do alter_relation_add_remove_columns(target_relation, added, removed) -%}{%- endif -%}
        {%- for change in retyped -%}{%- do alter_column_type(target_relation, change['column_name'], change['new_type']) -%}{%- endfor -%}
    {%- endif -%}
    {%- do log('In ' ~ target_relation ~ ':\n    Schema change approach: ' ~ on_schema_change ~ '\n    Columns added: ' ~ added ~ '\n    Columns removed: ' ~ removed ~ '\n    Data types changed: ' ~ retyped) -%}
{%- endmacro %}

{% macro process_schema_changes(on_schema_change, source_relation, target_relation) -%}{{ return(adapter.dispatch('process_schema_changes', 'dbt')(on_schema_change, source_relation, target_relation)) }}{%- endmacro %}
{% macro default__process_schema_changes(on_schema_change, source_relation, target_relation) -%}
    {%- if on_schema_change == 'ignore' -%}{{ return({}) }}{%- endif -%}
    {%- set changes = check_for_schema_changes(source_relation, target_relation) -%}
    {%- if changes['schema_changed'] -%}
        {%- if on_schema_change == 'fail' -%}
            {{ exceptions.raise_compiler_error(
                'The source and target schemas on this incremental model are out of sync!\n'
                ~ 'They can be reconciled in several ways:\n'
                ~ '  - set the `on_schema_change` config to either append_new_columns or sync_all_columns, depending on your situation.\n'
                ~ '  - Re-run the incremental model with `full_refresh: True` to update the target schema.\n'
                ~ '  - update the schema manually and re-run the process.\n\n'
                ~ 'Additional troubleshooting context:\n'
                ~ '   Source columns not in target: ' ~ changes['source_not_in_target'] ~ '\n'
                ~ '   Target columns not in source: ' ~ changes['target_not_in_source'] ~ '\n'
                ~ '   New column types: ' ~ changes['new_target_types']) }}
        {%- endif -%}
        {%- do sync_column_schemas(on_schema_change, target_relation, changes) -%}
    {%- endif -%}
    {{ return(changes['source_columns']) }}
{%- endmacro %}

{#- Adds and drops columns: one ALTER for both in dbt-core, one per column in dbt-duckdb, one per kind in dbt-snowflake. -#}
{% macro alter_relation_add_remove_columns(relation, add_columns=none, remove_columns=none) -%}{{ return(adapter.dispatch('alter_relation_add_remove_columns', 'dbt')(relation, add_columns, remove_columns)) }}{%- endmacro %}
{% macro default__alter_relation_add_remove_columns(relation, add_columns, remove_columns) -%}
    {%- set adds = add_columns or [] -%}
    {%- set drops = remove_columns or [] -%}
    {%- set clauses = [] -%}
    {%- for column in adds -%}{%- do clauses.append('add column ' ~ column.quoted ~ ' ' ~ column.expanded_data_type) -%}{%- endfor -%}
    {%- for column in drops -%}{%- do clauses.append('drop column ' ~ column.quoted) -%}{%- endfor -%}
    {%- do run_query('alter ' ~ relation.type ~ ' ' ~ relation.render() ~ '\n    ' ~ clauses | join(',\n    ')) -%}
{%- endmacro %}
{% macro duckdb__alter_relation_add_remove_columns(relation, add_columns, remove_columns) -%}
    {%- for column in add_columns or [] -%}
        {%- do run_query('alter ' ~ relation.type ~ ' ' ~ relation ~ ' add column ' ~ api.Relation.create(identifier=column.name) ~ ' ' ~ column.data_type) -%}
    {%- endfor -%}
    {%- for column in remove_columns or [] -%}
        {%- do run_query('alter ' ~ relation.type ~ ' ' ~ relation ~ ' drop column ' ~ api.Relation.create(identifier=column.name)) -%}
    {%- endfor -%}
{%- endmacro %}
{% macro snowflake__alter_relation_add_remove_columns(relation, add_columns, remove_columns) -%}
    {%- set kind = 'dynamic table' if relation.is_dynamic_table else relation.type -%}
    {%- if add_columns -%}
        {%- set adds = [] -%}
        {%- for column in add_columns -%}{%- do adds.append(adapter.quote(column.name) ~ ' ' ~ column.data_type) -%}{%- endfor -%}
        {%- do run_query('alter ' ~ kind ~ ' ' ~ relation.render() ~ ' add column\n    ' ~ adds | join(',\n    ')) -%}
    {%- endif -%}
    {%- if remove_columns -%}
        {%- set drops = [] -%}
        {%- for column in remove_columns -%}{%- do drops.append(adapter.quote(column.name)) -%}{%- endfor -%}
        {%- do run_query('alter ' ~ kind ~ ' ' ~ relation.render() ~ ' drop column\n    ' ~ drops | join(',\n    ')) -%}
    {%- endif -%}
{%- endmacro %}

{#- dbt-core: a new column of the new type, the values copied, the old one dropped, the new one renamed. -#}
{% macro alter_column_type(relation, column_name, new_column_type) -%}{{ return(adapter.dispatch('alter_column_type', 'dbt')(relation, column_name, new_column_type)) }}{%- endmacro %}
{% macro default__alter_column_type(relation, column_name, new_column_type) -%}
    {%- set tmp_column = column_name ~ '__dbt_alter' -%}
    {%- call statement('alter_column_type') -%}
    alter table {{ relation.render() }} add column {{ adapter.quote(tmp_column) }} {{ new_column_type }};
    update {{ relation.render() }} set {{ adapter.quote(tmp_column) }} = {{ adapter.quote(column_name) }};
    alter table {{ relation.render() }} drop column {{ adapter.quote(column_name) }} cascade;
    alter table {{ relation.render() }} rename column {{ adapter.quote(tmp_column) }} to {{ adapter.quote(column_name) }}
    {%- endcall -%}
{%- endmacro %}
{% macro snowflake__alter_column_type(relation, column_name, new_column_type) -%}
    {%- call statement('alter_column_type') -%}
    alter table {{ relation.render() }} alter {{ adapter.quote(column_name) }} set data type {{ new_column_type }};
    {%- endcall -%}
{%- endmacro %}

{#- dbt-snowflake compares base types (a collation is not a change) and keeps the target's collation. -#}
{% macro snowflake__diff_column_data_types(source_columns, target_columns) -%}
    {%- set result = [] -%}
    {%- for sc in source_columns -%}
        {%- set tc = target_columns | selectattr('name', 'equalto', sc.name) | list | first -%}
        {%- if tc and sc.data_type != tc.data_type and not sc.can_expand_to(tc) -%}
            {%- set new_type = sc.data_type ~ (" collate '" ~ tc.collation ~ "'" if tc.collation is defined and tc.collation else '') -%}
            {%- do result.append({'column_name': tc.name, 'new_type': new_type}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(result) }}
{%- endmacro %}
