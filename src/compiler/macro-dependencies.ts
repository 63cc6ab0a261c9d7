/**
 * A macro's `depends_on.macros` as dbt-core 1.11 writes it (ManifestLoader.macro_depends_on): the
 * calls its text makes (macro-calls.ts), each resolved the way dbt's MacroResolver resolves a name
 * from the macro's package, and each literal `adapter.dispatch` to the implementation dbt's parse
 * would dispatch to; unresolved names (not macros) left out, the macro itself too, in order of
 * appearance. Computed from the text alone, so it lists calls in branches that never run and
 * misses macros reached only by a computed name, as dbt's does.
 */
import { staticMacroCalls, type StaticCall } from './macro-calls.js';

export interface MacroDependencyOptions {
  rootPackage: string;
  adapterType: string;
  /** Every package name (the root's and the installed ones). */
  packageNames: readonly string[];
  /** dbt_project.yml `dispatch:` of the root project. */
  dispatch: readonly { macroNamespace: string; searchOrder: readonly string[] }[];
}

interface MacroEntry {
  unique_id: string;
  package_name: string;
  name: string;
  macro_sql: string;
}

/** dbt's global project; dbt's adapter packages (`dbt_duckdb`) are internal too. */
const GLOBAL_PROJECT = 'dbt';

const callsByText = new Map<string, StaticCall[]>();
const CALLS_KEPT = 20_000;

function callsOf(text: string): StaticCall[] {
  let calls = callsByText.get(text);
  if (calls === undefined) {
    calls = staticMacroCalls(text);
    if (callsByText.size >= CALLS_KEPT) callsByText.clear();
    callsByText.set(text, calls);
  }
  return calls;
}

/** `depends_on.macros` for every macro of `macros` (keyed by unique id), as dbt computes it. */
export function macroDependencies(macros: Record<string, MacroEntry>, options: MacroDependencyOptions): Map<string, string[]> {
  const internalNames = [`dbt_${options.adapterType}`, GLOBAL_PROJECT];
  const byPackage = new Map<string, Map<string, string>>();
  for (const macro of Object.values(macros)) {
    let names = byPackage.get(macro.package_name);
    if (!names) byPackage.set(macro.package_name, (names = new Map()));
    names.set(macro.name, macro.unique_id);
  }
  // MacroResolver: the internal packages as one namespace (the adapter's over dbt's), then by name:
  // internal, then the installed packages, then the root project's, each over the one before
  const internal = new Map<string, string>();
  for (const pkg of [...internalNames].reverse()) for (const [name, id] of byPackage.get(pkg) ?? []) internal.set(name, id);
  const byName = new Map(internal);
  for (const [pkg, names] of byPackage) if (!internalNames.includes(pkg) && pkg !== options.rootPackage) for (const [name, id] of names) byName.set(name, id);
  for (const [name, id] of byPackage.get(options.rootPackage) ?? []) byName.set(name, id);
  const dependencies = new Set([options.rootPackage, ...options.packageNames, ...internalNames]);

  const resolve = (localPackage: string, name: string): string | undefined => byPackage.get(localPackage)?.get(name) ?? byName.get(name);
  const dispatchTo = (name: string, namespace: string | null): string | undefined => {
    let search: (string | null)[] = [null];
    if (namespace !== null) {
      const configured = options.dispatch.find((entry) => entry.macroNamespace === namespace);
      if (configured) search = [...configured.searchOrder];
      else if (dependencies.has(namespace)) search = [options.rootPackage, namespace];
      else search = [namespace];
    }
    for (const pkg of search) {
      for (const prefix of [options.adapterType, 'default']) {
        const found = pkg === null ? byName.get(`${prefix}__${name}`) : pkg === GLOBAL_PROJECT ? internal.get(`${prefix}__${name}`) : byPackage.get(pkg)?.get(`${prefix}__${name}`);
        if (found) return found;
      }
    }
    return undefined;
  };

  const out = new Map<string, string[]>();
  for (const macro of Object.values(macros)) {
    const ids = new Set<string>();
    const add = (call: string): void => {
      // dbt skips a call of the macro's own name (an adapter.dispatch names the macro it is in)
      if (call === macro.name) return;
      const dot = call.indexOf('.');
      const id = dot < 0 ? resolve(macro.package_name, call) : resolve(call.slice(0, dot), call.slice(dot + 1));
      if (id !== undefined) ids.add(id);
    };
    for (const call of callsOf(macro.macro_sql)) {
      if (call.kind === 'name') {
        add(call.name);
        continue;
      }
      add(call.name);
      const target = dispatchTo(call.name, call.namespace);
      if (target) add(`${macros[target]!.package_name}.${macros[target]!.name}`);
    }
    out.set(macro.unique_id, [...ids]);
  }
  return out;
}
