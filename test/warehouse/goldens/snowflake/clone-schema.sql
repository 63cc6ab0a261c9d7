create or replace schema "ANALYTICS"."MARTS_WAP_1A2B3C4D" clone "ANALYTICS"."MARTS"
