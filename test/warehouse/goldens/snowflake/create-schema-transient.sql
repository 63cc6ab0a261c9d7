create transient schema if not exists "ANALYTICS"."PR_12"
