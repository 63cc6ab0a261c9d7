/**
 * Globals that are the same for every node of a compile: target (without secrets), project_name,
 * invocation_id, run_started_at, flags, api, graph, log. Built once per compile.
 */
import { randomUUID } from 'node:crypto';
import { DailiesError } from '../errors.js';
import { splitArguments, argument } from './call-args.js';
import type { CompileState } from './compile-state.js';
import { EPHEMERAL_PREFIX, TemplateRelation } from './relations.js';
import { columnApi } from './template-column.js';
import { PyDatetime } from './jinja/modules-datetime.js';
import { noteFlags, noteVolatile } from './partial/reads.js';

const SECRET_KEY = /^(password|token|private_key.*|.*secret.*|.*passphrase.*)$/i;

const cache = new WeakMap<CompileState, Record<string, unknown>>();

/** The profile target as templates see it: never a password, private key or token. */
export function publicTarget(state: CompileState): Record<string, unknown> {
  const target = state.project.target;
  const visible: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(target)) if (!SECRET_KEY.test(key)) visible[key] = value;
  return {
    ...visible,
    name: target.name,
    target_name: target.name,
    type: target.type,
    schema: state.targetSchema,
    database: state.targetDatabase,
    threads: target.threads,
    profile_name: state.project.profileName,
  };
}

export function projectGlobals(state: CompileState): Record<string, unknown> {
  const cached = cache.get(state);
  if (cached) return cached;
  const createRelation = (...args: unknown[]): TemplateRelation => {
    const call = splitArguments(args);
    const policy = (name: string) => (call.keywords[name] ?? undefined) as Record<string, boolean> | undefined;
    const type = argument(call, 3, 'type');
    return new TemplateRelation(
      state.dialect,
      {
        database: (argument(call, 0, 'database') ?? null) as string | null,
        schema: String(argument(call, 1, 'schema') ?? ''),
        identifier: String(argument(call, 2, 'identifier') ?? ''),
      },
      { type: typeof type === 'string' ? type : null, quoted: policy('quote_policy'), included: policy('include_policy') },
    );
  };
  const flags = state.options.flags ?? {};
  const globals: Record<string, unknown> = {
    target: publicTarget(state),
    project_name: state.project.rootPackage.name,
    invocation_id: randomUUID(),
    run_started_at: new PyDatetime(new Date()),
    flags: { FULL_REFRESH: flags.fullRefresh === true, STORE_FAILURES: flags.storeFailures === true, WHICH: flags.which ?? 'compile', DEBUG: false, INTROSPECT: flags.introspect !== false, EMPTY: flags.empty === true },
    api: {
      Relation: {
        create: createRelation,
        add_ephemeral_prefix: (name: unknown) => `${EPHEMERAL_PREFIX}${String(name)}`,
        Table: 'table',
        View: 'view',
        CTE: 'cte',
        External: 'external',
        MaterializedView: 'materialized_view',
      },
      Column: columnApi(),
    },
    graph: { nodes: state.manifest.nodes, sources: state.manifest.sources, exposures: state.manifest.exposures },
    selected_resources: [],
    /** dbt's `try_or_compiler_error(message, func, *args)`: func's result, or a compile error with the message. */
    try_or_compiler_error: (message: unknown, func: unknown, ...args: unknown[]) => {
      try {
        return (func as (...a: unknown[]) => unknown)(...args);
      } catch (error) {
        throw new DailiesError('compile', String(message), { hint: (error as Error).message, cause: error });
      }
    },
  };
  // what differs between runs, or reads other nodes, marks the render under way (partial/reads.ts)
  for (const name of ['invocation_id', 'run_started_at', 'graph', 'flags']) {
    const value = globals[name];
    Object.defineProperty(globals, name, {
      enumerable: true,
      get: () => {
        if (name === 'flags') noteFlags(state);
        else noteVolatile(state);
        return value;
      },
    });
  }
  cache.set(state, globals);
  return globals;
}
