{#- Cross-database date helpers (dbt.dateadd, dbt.datediff, dbt.date_trunc, dbt.last_day, dbt.date,
    dbt.date_spine, dbt.generate_series, dates_in_range, …) as dbt-core 1.11, dbt-duckdb and
    dbt-snowflake render them. -#}

{% macro dateadd(datepart, interval, from_date_or_timestamp) -%}{{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}{%- endmacro %}
{% macro default__dateadd(datepart, interval, from_date_or_timestamp) -%}dateadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }}){%- endmacro %}
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) -%}
    {%- set unit = datepart | lower -%}
    {%- if unit == 'quarter' -%}
    ({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 3) * interval 1 month)
    {%- elif unit == 'week' -%}
    ({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 7) * interval 1 day)
    {%- else -%}
    ({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * interval 1 {{ unit }})
    {%- endif -%}
{%- endmacro %}

{% macro datediff(first_date, second_date, datepart) -%}{{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}{%- endmacro %}
{% macro default__datediff(first_date, second_date, datepart) -%}datediff({{ datepart }}, {{ first_date }}, {{ second_date }}){%- endmacro %}
{% macro duckdb__datediff(first_date, second_date, datepart) -%}
    {%- if datepart == 'week' -%}
    ({{ datediff(first_date, second_date, 'day') }} // 7 + case
        when date_part('dow', ({{ first_date }})::timestamp) <= date_part('dow', ({{ second_date }})::timestamp) then
            case when {{ first_date }} <= {{ second_date }} then 0 else -1 end
        else
            case when {{ first_date }} <= {{ second_date }} then 1 else 0 end
    end)
    {%- else -%}
    (date_diff('{{ datepart }}', {{ first_date }}::timestamp, {{ second_date }}::timestamp))
    {%- endif -%}
{%- endmacro %}

{% macro date_trunc(datepart, date) -%}{{ return(adapter.dispatch('date_trunc', 'dbt')(datepart, date)) }}{%- endmacro %}
{% macro default__date_trunc(datepart, date) -%}date_trunc('{{ datepart }}', {{ date }}){%- endmacro %}

{% macro last_day(date, datepart) -%}{{ return(adapter.dispatch('last_day', 'dbt')(date, datepart)) }}{%- endmacro %}
{% macro default_last_day(date, datepart) -%}cast({{ dbt.dateadd('day', '-1', dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date))) }} as date){%- endmacro %}
{% macro default__last_day(date, datepart) -%}{{ dbt.default_last_day(date, datepart) }}{%- endmacro %}
{% macro duckdb__last_day(date, datepart) -%}
    {%- if datepart == 'quarter' -%}
    -- duckdb dateadd does not support quarter interval.
    cast({{ dbt.dateadd('day', '-1', dbt.dateadd('month', '3', dbt.date_trunc(datepart, date))) }} as date)
    {%- else -%}
    {{ dbt.default_last_day(date, datepart) }}
    {%- endif -%}
{%- endmacro %}
{% macro snowflake__last_day(date, datepart) -%}
    {%- if datepart == 'quarter' -%}
    {{ dbt.default_last_day(date, datepart) }}
    {%- else -%}
    cast(last_day({{ date }}, {{ datepart }}) as date)
    {%- endif -%}
{%- endmacro %}

{% macro current_timestamp() -%}{{ adapter.dispatch('current_timestamp', 'dbt')() }}{%- endmacro %}
{% macro default__current_timestamp() -%}{{ exceptions.raise_not_implemented('current_timestamp macro not implemented for adapter ' ~ adapter.type()) }}{%- endmacro %}
{% macro duckdb__current_timestamp() -%}now(){%- endmacro %}
{% macro snowflake__current_timestamp() -%}convert_timezone('UTC', current_timestamp()){%- endmacro %}

{% macro snapshot_get_time() -%}{{ adapter.dispatch('snapshot_get_time', 'dbt')() }}{%- endmacro %}
{% macro default__snapshot_get_time() -%}{{ current_timestamp() }}{%- endmacro %}
{% macro duckdb__snapshot_get_time() -%}{{ current_timestamp() }}::timestamp{%- endmacro %}
{% macro snowflake__snapshot_get_time() -%}to_timestamp_ntz({{ current_timestamp() }}){%- endmacro %}

{% macro current_timestamp_backcompat() -%}{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}{%- endmacro %}
{% macro default__current_timestamp_backcompat() -%}current_timestamp::timestamp{%- endmacro %}
{% macro snowflake__current_timestamp_backcompat() -%}current_timestamp::{{ type_timestamp() }}{%- endmacro %}
{% macro current_timestamp_in_utc_backcompat() -%}{{ return(adapter.dispatch('current_timestamp_in_utc_backcompat', 'dbt')()) }}{%- endmacro %}
{% macro default__current_timestamp_in_utc_backcompat() -%}{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}{%- endmacro %}
{% macro snowflake__current_timestamp_in_utc_backcompat() -%}convert_timezone('UTC', {{ snowflake__current_timestamp_backcompat() }})::{{ type_timestamp() }}{%- endmacro %}

{% macro date(year, month, day) -%}{{ return(adapter.dispatch('date', 'dbt')(year, month, day)) }}{%- endmacro %}
{% macro default__date(year, month, day) -%}to_date('{{ modules.datetime.date(year, month, day).strftime('%Y-%m-%d') }}', 'YYYY-MM-DD'){%- endmacro %}
{% macro duckdb__date(year, month, day) -%}make_date({{ year }}, {{ month }}, {{ day }}){%- endmacro %}

{% macro get_powers_of_two(upper_bound) -%}{{ return(adapter.dispatch('get_powers_of_two', 'dbt')(upper_bound)) }}{%- endmacro %}
{% macro default__get_powers_of_two(upper_bound) -%}
    {%- if upper_bound <= 0 -%}{{ exceptions.raise_compiler_error("upper bound must be positive") }}{%- endif -%}
    {%- for _ in range(1, 100) -%}
        {%- if upper_bound <= 2 ** loop.index -%}{{ return(loop.index) }}{%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{% macro generate_series(upper_bound) -%}{{ return(adapter.dispatch('generate_series', 'dbt')(upper_bound)) }}{%- endmacro %}
{% macro default__generate_series(upper_bound) -%}
    {%- set n = dbt.get_powers_of_two(upper_bound) -%}
    with p as (select 0 as generated_number union all select 1),
    unioned as (
        select
        {% for i in range(n) %}p{{ i }}.generated_number * power(2, {{ i }}){% if not loop.last %} + {% endif %}{% endfor %}
        + 1 as generated_number
        from {% for i in range(n) %}p as p{{ i }}{% if not loop.last %} cross join {% endif %}{% endfor %}
    )
    select * from unioned where generated_number <= {{ upper_bound }} order by generated_number
{%- endmacro %}
{% macro duckdb__generate_series(upper_bound) -%}
    select generate_series as generated_number from generate_series(1, {{ upper_bound }})
{%- endmacro %}

{% macro get_intervals_between(start_date, end_date, datepart) -%}{{ return(adapter.dispatch('get_intervals_between', 'dbt')(start_date, end_date, datepart)) }}{%- endmacro %}
{% macro default__get_intervals_between(start_date, end_date, datepart) -%}
    {%- call statement('get_intervals_between', fetch_result=True) -%}
        select {{ dbt.datediff(start_date, end_date, datepart) }}
    {%- endcall -%}
    {%- set result = load_result('get_intervals_between') -%}
    {%- if result and result['data'] -%}
        {{ return(result['data'][0][0]) }}
    {%- else -%}
        {{ return(1) }}
    {%- endif -%}
{%- endmacro %}

{% macro date_spine(datepart, start_date, end_date) -%}{{ return(adapter.dispatch('date_spine', 'dbt')(datepart, start_date, end_date)) }}{%- endmacro %}
{% macro default__date_spine(datepart, start_date, end_date) -%}
    with rawdata as (
        {{ dbt.generate_series(dbt.get_intervals_between(start_date, end_date, datepart)) }}
    ),
    all_periods as (
        select ({{ dbt.dateadd(datepart, "row_number() over (order by 1) - 1", start_date) }}) as date_{{ datepart }}
        from rawdata
    ),
    filtered as (
        select * from all_periods where date_{{ datepart }} <= {{ end_date }}
    )
    select * from filtered
{%- endmacro %}

{% macro convert_datetime(date_str, date_fmt) -%}
    {%- set error_msg -%}The provided partition date '{{ date_str }}' does not match the expected format '{{ date_fmt }}'{%- endset -%}
    {{ return(try_or_compiler_error(error_msg, modules.datetime.datetime.strptime, date_str.strip(), date_fmt)) }}
{%- endmacro %}

{% macro dates_in_range(start_date_str, end_date_str=none, in_fmt="%Y%m%d", out_fmt="%Y%m%d") -%}
    {%- set end_date_str = start_date_str if end_date_str is none else end_date_str -%}
    {%- set start_date = convert_datetime(start_date_str, in_fmt) -%}
    {%- set end_date = convert_datetime(end_date_str, in_fmt) -%}
    {%- set day_count = (end_date - start_date).days -%}
    {%- if day_count < 0 -%}
        {{ exceptions.raise_compiler_error("Partition start date is after the end date (" ~ start_date ~ ", " ~ end_date ~ ")") }}
    {%- endif -%}
    {%- set date_list = [] -%}
    {%- for i in range(0, day_count + 1) -%}
        {%- set the_date = modules.datetime.timedelta(days=i) + start_date -%}
        {%- do date_list.append(the_date.strftime(out_fmt) if out_fmt else the_date) -%}
    {%- endfor -%}
    {{ return(date_list) }}
{%- endmacro %}

{% macro partition_range(raw_partition_date, date_fmt='%Y%m%d') -%}
    {%- set partition_range = (raw_partition_date | string).split(",") -%}
    {%- if (partition_range | length) == 1 -%}
        {{ return(dates_in_range(partition_range[0], none, in_fmt=date_fmt)) }}
    {%- elif (partition_range | length) == 2 -%}
        {{ return(dates_in_range(partition_range[0], partition_range[1], in_fmt=date_fmt)) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("Invalid partition time. Expected format: {Start Date}[,{End Date}]. Got: " ~ raw_partition_date) }}
    {%- endif -%}
{%- endmacro %}

{#- The clock as text; each round of one render (introspection's re-renders) reads the first round's. -#}
{% macro py_current_timestring() -%}
    {%- set now = modules.datetime.datetime.now().strftime("%Y%m%d%H%M%S%f") -%}
    {{ return(adapter.dailies_replay('py_current_timestring', now) if adapter.dailies_replay is defined else now) }}
{%- endmacro %}
