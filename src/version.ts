/** dailies' version (printed by `dailies version`; part of the partial-parse cache key). */
export const DAILIES_VERSION = '0.1.0';
