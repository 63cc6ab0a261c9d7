create stage if not exists "ANALYTICS"."RAW"."_DAILIES_LANDING" url = 's3://landing/daily/' storage_integration = "LANDING_S3"
