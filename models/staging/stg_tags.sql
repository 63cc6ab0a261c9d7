{#
  One row per tag application (ids and timestamp typed in RAW, see _sources.yml). Dropped:
  missing ids, empty tags, missing timestamps, and exact repeats of a (user, movie, tag, timestamp).
#}
with source as (

    select * from {{ source('raw', 'tags') }}

),

typed as (

    select
        "userId" as user_id,
        "movieId" as movie_id,
        nullif(trim("tag"), '') as tag,
        "timestamp" as tagged_at_epoch,
        "_load_id" as load_id,
        "_loaded_at" as loaded_at
    from source

),

deduplicated as (

    select
        *,
        row_number() over (
            partition by user_id, movie_id, tag, tagged_at_epoch
            order by loaded_at, load_id
        ) as occurrence
    from typed
    where user_id is not null
      and movie_id is not null
      and tag is not null
      and tagged_at_epoch is not null

)

select
    {{ dbt.hash(dbt.concat([
        "cast(user_id as " ~ dbt.type_string() ~ ")", "'|'",
        "cast(movie_id as " ~ dbt.type_string() ~ ")", "'|'",
        "tag", "'|'",
        "cast(tagged_at_epoch as " ~ dbt.type_string() ~ ")"
    ])) }} as tag_id,
    user_id,
    movie_id,
    tag,
    lower(tag) as tag_normalized,
    {{ epoch_to_timestamp('tagged_at_epoch') }} as tagged_at,
    load_id,
    loaded_at
from deduplicated
where occurrence = 1
