show stages like '_DAILIES_LANDING' in schema "ANALYTICS"."RAW"
