delete from "ANALYTICS"."MARTS"."FCT_RATINGS" DBT_INTERNAL_TARGET
where (DBT_INTERNAL_TARGET.rating > 0 and DBT_INTERNAL_TARGET.rated_at >= to_timestamp_tz('2025-01-01 00:00:00+00:00') and DBT_INTERNAL_TARGET.rated_at < to_timestamp_tz('2025-01-02 00:00:00+00:00'))
