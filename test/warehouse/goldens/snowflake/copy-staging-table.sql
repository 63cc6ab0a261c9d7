create or replace transient table "ANALYTICS"."RAW"."_DAILIES_STAGE_RATINGS_1A2B3C4D" ("USERID" varchar, "MOVIEID" NUMBER(38,0), "RATING" NUMBER(2,1), "TIMESTAMP" varchar)
