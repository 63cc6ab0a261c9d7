{{ config(materialized='ephemeral') }}
{#
  Movies + tags: one row per known movie that has at least one tag, with tag counts.
#}
with tags as (

    select * from {{ ref('stg_tags') }}

),

movies as (

    select movie_id from {{ ref('stg_movies') }}

)

select
    tags.movie_id,
    count(*) as tag_count,
    count(distinct tags.tag_normalized) as distinct_tag_count,
    count(distinct tags.user_id) as tagger_count,
    max(tags.tagged_at) as last_tagged_at
from tags
inner join movies
    on tags.movie_id = movies.movie_id
group by tags.movie_id
