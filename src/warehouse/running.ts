/**
 * Open warehouse connections that can abort their running statements (Snowflake: the driver's
 * cancel, which asks the service to stop the query). Ctrl-C or a cancelled job calls
 * `cancelRunningStatements`, so an interrupted run does not leave queries burning credits.
 */
const cancellers = new Set<() => void>();

/** Registers `cancel`; returns the function that unregisters it (call it on close). */
export function registerCanceller(cancel: () => void): () => void {
  cancellers.add(cancel);
  return () => cancellers.delete(cancel);
}

/** Asks every open connection to abort what it is running; returns how many were asked. */
export function cancelRunningStatements(): number {
  for (const cancel of cancellers) cancel();
  return cancellers.size;
}
