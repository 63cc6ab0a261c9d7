{{
    config(
        materialized='incremental',
        unique_key='rating_id',
        incremental_strategy='merge',
        on_schema_change='fail'
    )
}}
{#
  One row per rating of a known movie. Incremental: each run adds the ratings loaded into RAW
  since the newest loaded_at already in the table, merging on rating_id so a re-sent rating
  never becomes a second row.
#}
with ratings as (

    select * from {{ ref('int_ratings_enriched') }}

    {% if is_incremental() %}
    where loaded_at > (select max(loaded_at) from {{ this }})
    {% endif %}

)

select
    rating_id,
    user_id,
    movie_id,
    rating,
    rated_at,
    rated_date,
    rated_month,
    loaded_at
from ratings
