create or replace transient table "ANALYTICS"."MARTS"."FCT_RATINGS" (
  "USER_ID" NUMBER(38,0) references "ANALYTICS"."MARTS"."DIM_USERS" (user_id),
  "MOVIE_ID" NUMBER(38,0) references dim_movies (movie_id),
  primary key (user_id, movie_id),
  constraint rated_movie foreign key (movie_id) references "ANALYTICS"."MARTS"."DIM_MOVIES" (movie_id)
)
