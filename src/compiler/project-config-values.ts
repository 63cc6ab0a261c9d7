/**
 * Jinja in dbt_project.yml's resource configs (`+enabled: "{{ var('load_source_data', false) }}"`),
 * rendered as dbt renders them: with `var` (the package's scope), `env_var` and `target`, to a
 * native value (`False` → false, `3` → 3). Hooks stay unrendered: they render when they run.
 * A property file's `config:` renders the same way (dbt renders schema files too).
 */
import type { LoadedPackage } from '../project/types.js';
import type { CompileState } from './compile-state.js';
import type { ConfigLayer } from './node-config.js';
import { nodeGlobals, parseMode } from './context.js';

const cache = new WeakMap<CompileState, Map<string, unknown>>();

function isHookKey(key: string): boolean {
  return key.replace('-', '_') === 'pre_hook' || key.replace('-', '_') === 'post_hook';
}

/** The native value of a rendered text, as dbt's native Jinja rendering gives it. */
function nativeValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === 'True' || trimmed === 'true') return true;
  if (trimmed === 'False' || trimmed === 'false') return false;
  if (trimmed === 'None' || trimmed === '') return trimmed === '' ? text : null;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}

function renderValue(state: CompileState, pkg: LoadedPackage, text: string, file: string): unknown {
  let known = cache.get(state);
  if (!known) cache.set(state, (known = new Map()));
  const key = `${pkg.name}\u0000${file}\u0000${text}`;
  if (known.has(key)) return known.get(key);
  const globals = nodeGlobals(state, null, { ...parseMode(), minimal: true });
  globals.var = (...args: unknown[]): unknown => {
    const name = String(args[0]);
    const found = state.lookupVar(pkg, name);
    if (found.found) return found.value;
    return args.length > 1 ? args[1] : null;
  };
  const rendered = state.env.render(text, globals, { file, packageName: pkg.name });
  const value = nativeValue(rendered);
  known.set(key, value);
  return value;
}

/** The layer with each Jinja string value (but hooks) rendered; the layer itself when it has none. */
export function renderProjectConfigValues(state: CompileState, pkg: LoadedPackage, layer: ConfigLayer, file = 'dbt_project.yml'): ConfigLayer {
  let out: ConfigLayer | null = null;
  for (const key of Object.keys(layer)) {
    const value = layer[key];
    if (typeof value !== 'string' || !value.includes('{') || isHookKey(key)) continue;
    if (!value.includes('{{') && !value.includes('{%')) continue;
    out ??= { ...layer };
    out[key] = renderValue(state, pkg, value, file);
  }
  return out ?? layer;
}
