/**
 * `dailies run-operation`: one macro called with keyword arguments, as `dbt run-operation` calls
 * it — the project's context without a node, `execute` true, its statements and queries run on
 * the warehouse one after another (ordered-introspection.ts: the render is replayed up to its
 * next unanswered statement), what it prints printed once (from its last replay). Its return
 * value is ignored, as in dbt.
 */
import { DailiesError } from '../errors.js';
import type { CompileState } from './compile-state.js';
import { nodeGlobals, type RenderMode } from './context.js';
import type { MacroInfo, RenderTracker } from './jinja/types.js';
import { OrderedIntrospection } from './ordered-introspection.js';
import type { RunRuntime } from './api.js';

/**
 * The macro `name` (`macro` or `package.macro`) names, as dbt finds it: the root project's, else
 * an installed package's, else dbt's own. Unknown: a usage error naming the closest names.
 */
export function findOperationMacro(state: CompileState, name: string): MacroInfo {
  const dot = name.indexOf('.');
  const packageName = dot === -1 ? undefined : name.slice(0, dot);
  const macroName = dot === -1 ? name : name.slice(dot + 1);
  const candidates = state.env.macros().filter((macro) => !macro.isTest && !macro.materialization && macro.name === macroName && (packageName === undefined || macro.packageName === packageName));
  const root = state.project.rootPackage.name;
  const rank = (macro: MacroInfo): number => (macro.packageName === root ? 0 : macro.packageName === 'dbt' ? 2 : 1);
  candidates.sort((a, b) => rank(a) - rank(b) || (a.packageName < b.packageName ? -1 : a.packageName > b.packageName ? 1 : 0));
  const found = candidates[0];
  if (found) return found;
  throw new DailiesError('usage', `dbt could not find a macro with the name '${name}' in any package`, {
    hint: packageName === undefined ? 'check the name (`package.macro` picks one package), or install the package that defines it with `dailies deps`' : `check that package '${packageName}' is installed (\`dailies deps\`) and defines a macro '${macroName}'`,
  });
}

/** `output` receives what the macro prints (`print()`, `log(…, info=True)`), once, as dbt prints it on stdout. */
export async function runOperationMacro(state: CompileState, macro: MacroInfo, kwargs: Record<string, unknown>, runtime: RunRuntime, output: (line: string) => void): Promise<{ steps: string[] }> {
  const introspection = new OrderedIntrospection(runtime.adapter);
  const mode: RenderMode = { phase: 'compile', isIncremental: false, introspection };
  const tracker: RenderTracker = { macrosCalled: new Set() };
  const place = { file: macro.file?.relPath ?? 'dailies/builtin-macros', line: macro.line, packageName: macro.packageName };
  const render = (): string => {
    const globals = nodeGlobals(state, null, mode, tracker);
    globals.__dailies_operation = () => state.env.callMacro(macro.name, [], kwargs, globals, tracker, macro.packageName);
    return state.env.render('{%- do __dailies_operation() -%}', globals, place, tracker);
  };
  // what it prints (print, log(info=True), exceptions.warn) goes to `output`, once, from the last replay
  const log = { captureLog: state.env.captureLog.bind(state.env), writeLog: (lines: readonly string[]) => lines.forEach((line) => output(line)) };
  await introspection.renderUntilStable(render, place, log);
  return { steps: introspection.history };
}
