{#
  Ad-hoc analysis (compiled, never run by `dailies build`): the three best-rated movies of each
  genre group, among movies with enough ratings for their average to count.
#}
with ranked as (

    select
        primary_genre_group,
        title,
        release_year,
        rating_count,
        avg_rating_qualified,
        row_number() over (
            partition by primary_genre_group
            order by avg_rating_qualified desc, rating_count desc, movie_id
        ) as rank_in_group
    from {{ ref('dim_movies') }}
    where avg_rating_qualified is not null

)

select *
from ranked
where rank_in_group <= 3
order by primary_genre_group, rank_in_group
