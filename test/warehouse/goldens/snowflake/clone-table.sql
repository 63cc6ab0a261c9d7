create or replace table "ANALYTICS"."PR_12"."FCT_RATINGS" clone "ANALYTICS"."MARTS"."FCT_RATINGS"
