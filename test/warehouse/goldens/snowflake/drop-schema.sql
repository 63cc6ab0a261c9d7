drop schema if exists "ANALYTICS"."PR_12" cascade
