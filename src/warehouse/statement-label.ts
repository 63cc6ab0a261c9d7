/**
 * What a statement is being run for (the command, the node), carried through async calls so an
 * adapter can tag its statements without the run layer passing it down: Snowflake puts it in each
 * statement's QUERY_TAG. Dialect-neutral; DuckDB ignores it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface StatementLabel {
  command?: string;
  node?: string;
}

const storage = new AsyncLocalStorage<StatementLabel>();

/** Runs `work` with `label` merged over the current one. */
export function withStatementLabel<T>(label: StatementLabel, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...label }, work);
}

export function currentStatementLabel(): StatementLabel {
  return storage.getStore() ?? {};
}
