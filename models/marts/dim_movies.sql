{#
  One row per movie, with its ids elsewhere, its first genre's group and its rating and tag
  totals. Contract enforced: see _marts.yml for the column types.
#}
with movies as (

    select * from {{ ref('stg_movies') }}

),

links as (

    select * from {{ ref('stg_links') }}

),

first_genres as (

    select movie_id, genre, genre_group
    from {{ ref('int_movie_genres') }}
    where genre_position = 1

),

genre_counts as (

    select movie_id, count(*) as genre_count
    from {{ ref('int_movie_genres') }}
    group by movie_id

),

rating_totals as (

    select
        movie_id,
        count(*) as rating_count,
        avg(cast(rating as double)) as avg_rating,
        min(rated_at) as first_rated_at,
        max(rated_at) as last_rated_at
    from {{ ref('int_ratings_enriched') }}
    group by movie_id

),

tag_totals as (

    select * from {{ ref('int_movie_tags') }}

)

select
    cast(movies.movie_id as integer) as movie_id,
    cast(movies.title as {{ dbt.type_string() }}) as title,
    cast(movies.release_year as integer) as release_year,
    cast(movies.genres as {{ dbt.type_string() }}) as genres,
    cast(coalesce(genre_counts.genre_count, 0) as integer) as genre_count,
    cast(first_genres.genre as {{ dbt.type_string() }}) as primary_genre,
    cast(first_genres.genre_group as {{ dbt.type_string() }}) as primary_genre_group,
    cast(links.imdb_id as {{ dbt.type_string() }}) as imdb_id,
    cast(links.tmdb_id as integer) as tmdb_id,
    cast(coalesce(rating_totals.rating_count, 0) as integer) as rating_count,
    cast(round(rating_totals.avg_rating, 3) as double) as avg_rating,
    cast(
        case
            when rating_totals.rating_count >= {{ var('min_ratings_for_average', 5) }}
                then round(rating_totals.avg_rating, 3)
        end as double
    ) as avg_rating_qualified,
    cast(rating_totals.first_rated_at as timestamp) as first_rated_at,
    cast(rating_totals.last_rated_at as timestamp) as last_rated_at,
    cast(coalesce(tag_totals.tag_count, 0) as integer) as tag_count
from movies
left join links
    on movies.movie_id = links.movie_id
left join first_genres
    on movies.movie_id = first_genres.movie_id
left join genre_counts
    on movies.movie_id = genre_counts.movie_id
left join rating_totals
    on movies.movie_id = rating_totals.movie_id
left join tag_totals
    on movies.movie_id = tag_totals.movie_id
