alter table "ANALYTICS"."MARTS"."FCT_RATINGS" alter column "RATING" set data type NUMBER(3,1)
