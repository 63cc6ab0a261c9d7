create or replace transient table "ANALYTICS"."MARTS"."FCT_RATINGS" (
  "USER_ID" NUMBER(38,0) not null primary key,
  "RATING" NUMBER(2,1)
)
