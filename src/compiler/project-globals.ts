/**
 * Globals that are the same for every node of a compile: target (without secrets), project_name,
 * invocation_id, run_started_at, flags, api, graph, log. Built once per compile.
 */
import { randomUUID } from 'node:crypto';
import { splitArguments, argument } from './call-args.js';
import type { CompileState } from './compile-state.js';
import { TemplateRelation } from './relations.js';
import { PyDatetime } from './jinja/modules-datetime.js';

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
    return new TemplateRelation(state.dialect, {
      database: (argument(call, 0, 'database') ?? null) as string | null,
      schema: String(argument(call, 1, 'schema') ?? ''),
      identifier: String(argument(call, 2, 'identifier') ?? ''),
    });
  };
  const globals: Record<string, unknown> = {
    target: publicTarget(state),
    project_name: state.project.rootPackage.name,
    invocation_id: randomUUID(),
    run_started_at: new PyDatetime(new Date()),
    flags: { FULL_REFRESH: false, STORE_FAILURES: false, WHICH: 'compile', DEBUG: false },
    api: { Relation: { create: createRelation } },
    graph: { nodes: state.manifest.nodes, sources: state.manifest.sources, exposures: state.manifest.exposures },
    selected_resources: [],
  };
  cache.set(state, globals);
  return globals;
}
