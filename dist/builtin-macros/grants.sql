{#- Grants as dbt's materializations apply them: apply_grants, should_revoke, copy_grants,
    get_show_grant_sql, get_grant_sql, get_revoke_sql, get_dcl_statement_list,
    call_dcl_statements. DuckDB has no grants: dbt-duckdb's apply_grants only warns. -#}

{% macro copy_grants() -%}{{ return(adapter.dispatch('copy_grants', 'dbt')()) }}{%- endmacro %}
{% macro default__copy_grants() -%}{{ return(true) }}{%- endmacro %}
{% macro snowflake__copy_grants() -%}{{ return(config.get('copy_grants', false)) }}{%- endmacro %}

{% macro support_multiple_grantees_per_dcl_statement() -%}{{ return(adapter.dispatch('support_multiple_grantees_per_dcl_statement', 'dbt')()) }}{%- endmacro %}
{% macro default__support_multiple_grantees_per_dcl_statement() -%}{{ return(true) }}{%- endmacro %}
{% macro snowflake__support_multiple_grantees_per_dcl_statement() -%}{{ return(false) }}{%- endmacro %}

{#- A new relation has nothing to revoke; a replaced one keeps its grants when copy_grants() says so; one added to keeps them. -#}
{% macro should_revoke(existing_relation, full_refresh_mode=true) -%}
    {%- if not existing_relation -%}{{ return(false) }}
    {%- elif full_refresh_mode -%}{{ return(copy_grants()) }}
    {%- else -%}{{ return(true) }}
    {%- endif -%}
{%- endmacro %}

{% macro get_show_grant_sql(relation) -%}{{ return(adapter.dispatch('get_show_grant_sql', 'dbt')(relation)) }}{%- endmacro %}
{% macro default__get_show_grant_sql(relation) -%}
    show grants on {{ relation.render() }}
{% endmacro %}

{% macro get_grant_sql(relation, privilege, grantees) -%}{{ return(adapter.dispatch('get_grant_sql', 'dbt')(relation, privilege, grantees)) }}{%- endmacro %}
{% macro default__get_grant_sql(relation, privilege, grantees) -%}grant {{ privilege }} on {{ relation.render() }} to {{ grantees | join(', ') }}{%- endmacro %}

{% macro get_revoke_sql(relation, privilege, grantees) -%}{{ return(adapter.dispatch('get_revoke_sql', 'dbt')(relation, privilege, grantees)) }}{%- endmacro %}
{% macro default__get_revoke_sql(relation, privilege, grantees) -%}
    {%- set quoted = [] -%}
    {%- for grantee in grantees -%}{%- do quoted.append(adapter.quote(grantee)) -%}{%- endfor -%}
    revoke {{ privilege }} on {{ relation.render() }} from {{ quoted | join(', ') }}
{%- endmacro %}

{#- One statement per privilege (or per privilege and grantee where the warehouse takes one grantee a statement). -#}
{% macro get_dcl_statement_list(relation, grant_config, get_dcl_macro) -%}{{ return(adapter.dispatch('get_dcl_statement_list', 'dbt')(relation, grant_config, get_dcl_macro)) }}{%- endmacro %}
{% macro default__get_dcl_statement_list(relation, grant_config, get_dcl_macro) -%}
    {%- set statements = [] -%}
    {%- for privilege, grantees in grant_config.items() -%}
        {%- if support_multiple_grantees_per_dcl_statement() and grantees -%}
            {%- do statements.append(get_dcl_macro(relation, privilege, grantees)) -%}
        {%- else -%}
            {%- for grantee in grantees -%}{%- do statements.append(get_dcl_macro(relation, privilege, [grantee])) -%}{%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements) }}
{%- endmacro %}

{% macro call_dcl_statements(dcl_statement_list) -%}{{ return(adapter.dispatch('call_dcl_statements', 'dbt')(dcl_statement_list)) }}{%- endmacro %}
{% macro default__call_dcl_statements(dcl_statement_list) -%}
    {%- call statement('grants') -%}
        {%- for dcl in dcl_statement_list %}
        {{ dcl }};
        {%- endfor %}
    {%- endcall -%}
{%- endmacro %}

{% macro apply_grants(relation, grant_config, should_revoke) -%}{{ return(adapter.dispatch('apply_grants', 'dbt')(relation, grant_config, should_revoke)) }}{%- endmacro %}
{% macro default__apply_grants(relation, grant_config, should_revoke=true) -%}
    {%- if grant_config -%}
        {%- if should_revoke -%}
            {%- set current = adapter.standardize_grants_dict(run_query(get_show_grant_sql(relation))) -%}
            {%- set needs_granting = diff_of_two_dicts(grant_config, current) -%}
            {%- set needs_revoking = diff_of_two_dicts(current, grant_config) -%}
        {%- else -%}
            {%- set needs_revoking = {} -%}
            {%- set needs_granting = grant_config -%}
        {%- endif -%}
        {%- set statements = get_dcl_statement_list(relation, needs_revoking, get_revoke_sql) + get_dcl_statement_list(relation, needs_granting, get_grant_sql) -%}
        {%- if statements -%}{{ call_dcl_statements(statements) }}{%- endif -%}
    {%- endif -%}
{%- endmacro %}
{% macro duckdb__apply_grants(relation, grant_config, should_revoke=true) -%}
    {%- if grant_config -%}{{ exceptions.warn('Grants for relations are not supported by DuckDB') }}{%- endif -%}
{%- endmacro %}

{#- What `a` grants that `b` does not: {privilege: [grantee, …]} (dbt's diff_of_two_dicts, case-insensitive). -#}
{% macro diff_of_two_dicts(a, b) -%}
    {%- set out = {} -%}
    {%- for privilege, grantees in a.items() -%}
        {%- set theirs = [] -%}
        {%- for key, value in b.items() -%}{%- if key | upper == privilege | upper -%}{%- for grantee in value -%}{%- do theirs.append(grantee | upper) -%}{%- endfor -%}{%- endif -%}{%- endfor -%}
        {%- set missing = [] -%}
        {%- for grantee in grantees -%}{%- if grantee | upper not in theirs -%}{%- do missing.append(grantee) -%}{%- endif -%}{%- endfor -%}
        {%- if missing -%}{%- do out.update({privilege: missing}) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(out) }}
{%- endmacro %}
