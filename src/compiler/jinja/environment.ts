/**
 * The dbt-compatible template environment (the JinjaEnvironment contract of types.ts) on one
 * nunjucks Environment: macros of every package compiled once, resolved by bare name
 * (own package, then root, then the node's globals, then `dbt` built-ins) or namespaced,
 * `adapter.dispatch`, and errors as DailiesErrors with the file and line they come from.
 */
import { MACRO_OVERRIDES, type MacroOverrides } from './macro-overrides.js';
import { relative, sep } from 'node:path';
import nunjucks from 'nunjucks';
import { DailiesError } from '../../errors.js';
import { readBuiltinMacroFiles } from './builtin-macros-dir.js';
import { createBuiltinGlobals } from './builtin-globals.js';
import { withKeywords } from './call-arguments.js';
import { DoExtension, SnapshotExtension } from './tag-extensions.js';
import { createFilters } from './filters.js';
import { jinjaTests } from './jinja-tests.js';
import { MacroRegistry, TemplateScope, type MacroCallable, type MacroEntry } from './macro-registry.js';
import { RenderStack, type ActiveRender } from './render-state.js';
import { renderError, syntaxError } from './render-errors.js';
import { compileTemplate, ensureJinjaCompat, type CompileTarget, type RootRenderFunc } from './template-compiler.js';
import { templateRuntime } from './template-runtime.js';
import { parseSimpleTemplate, renderSimpleTemplate, type SimplePart } from './simple-template.js';
import type { JinjaEnvironment, JinjaEnvironmentOptions, MacroInfo, RenderPlace, RenderTracker } from './types.js';
import type { ProjectFile } from '../../project/types.js';

const BUILTIN_PACKAGE = 'dbt';
const TEMPLATE_CACHE_SIZE = 512;

type FrameClass = new () => { topLevel: boolean };
type CompiledTemplate = { parts: SimplePart[]; root?: undefined } | { root: RootRenderFunc; parts?: undefined };
const Frame = (nunjucks.runtime as unknown as { Frame: FrameClass }).Frame;

/** `dbt_utils` in `dbt_utils.star(...)`: a package's macros as attributes. */
export class MacroNamespace {
  constructor(readonly packageName: string) {}
  toString(): string {
    return `<namespace ${this.packageName}>`;
  }
}

class DbtJinjaEnvironment implements JinjaEnvironment {
  private readonly stack = new RenderStack();
  private readonly njEnv: nunjucks.Environment & CompileTarget;
  private readonly registry: MacroRegistry;
  private readonly builtinGlobals: Record<string, unknown>;
  private readonly namespaces = new Map<string, MacroNamespace>();
  private readonly resolvers = new Map<string, (name: string) => unknown>();
  private readonly contexts = new Map<string, unknown>();
  private readonly templates = new Map<string, CompiledTemplate>();
  /** What adapter.dispatch found, by search order and name (macros do not change once loaded). */
  private readonly dispatched = new Map<string, MacroEntry>();
  private readonly root: string;
  /** Where printed lines go (stderr unless the caller says otherwise). */
  private readonly writeLine: (line: string) => void;
  /** While `captureLog` runs: the lines printed so far. */
  private captured: string[] | null = null;

  constructor(private readonly options: JinjaEnvironmentOptions) {
    ensureJinjaCompat();
    this.root = options.rootPackage;
    this.njEnv = new nunjucks.Environment(null, { autoescape: false, trimBlocks: false, lstripBlocks: false, throwOnUndefined: false }) as nunjucks.Environment & CompileTarget;
    this.njEnv.addExtension('DoExtension', new DoExtension());
    this.njEnv.addExtension('SnapshotExtension', new SnapshotExtension());
    for (const [name, test] of Object.entries(jinjaTests)) (this.njEnv as unknown as { addTest(n: string, t: unknown): void }).addTest(name, test);
    const filters = createFilters({
      getTest: (name) => {
        const test = (this.njEnv as unknown as { getTest(n: string): (...a: unknown[]) => boolean }).getTest(name);
        return (...args) => test(...args) === true;
      },
      getFilter: (name) => this.njEnv.getFilter(name) as (...a: unknown[]) => unknown,
    });
    for (const [name, filter] of Object.entries(filters)) this.njEnv.addFilter(name, filter);
    this.writeLine = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const log = (line: string): void => {
      if (this.captured) this.captured.push(line);
      else this.writeLine(line);
    };
    this.builtinGlobals = createBuiltinGlobals({ stack: this.stack, log });
    this.registry = new MacroRegistry({ stack: this.stack, njEnv: this.njEnv, resolverFor: (pkg) => this.resolverFor(pkg), Frame });
    for (const file of readBuiltinMacroFiles()) {
      this.registry.load({ packageName: BUILTIN_PACKAGE, file: null, displayFile: `dailies/builtin-macros/${file.name}`, contents: file.contents, lazy: true });
    }
    for (const file of options.macroFiles) {
      this.registry.load({ packageName: file.packageName, file, displayFile: this.displayPath(file), contents: file.contents, lazy: file.packageName !== this.root });
    }
    for (const packageName of new Set([...options.packageNames, BUILTIN_PACKAGE])) this.namespaces.set(packageName, this.buildNamespace(packageName));
  }

  captureLog<T>(work: () => T): { value: T; lines: string[] } {
    const outer = this.captured;
    const lines: string[] = [];
    this.captured = lines;
    try {
      return { value: work(), lines };
    } finally {
      this.captured = outer;
    }
  }

  writeLog(lines: readonly string[]): void {
    for (const line of lines) {
      if (this.captured) this.captured.push(line);
      else this.writeLine(line);
    }
  }

  render(source: string, globals: Record<string, unknown>, place: RenderPlace, tracker?: RenderTracker): string {
    let template: CompiledTemplate;
    try {
      template = this.compiled(source, place.file);
    } catch (error) {
      throw syntaxError(error, place);
    }
    const packageName = place.packageName ?? modelPackage(globals) ?? this.root;
    const scope = new TemplateScope(this.njEnv, this.resolverFor(packageName));
    let output = '';
    let failure: unknown;
    this.stack.run(globals, tracker, () => {
      const render = this.stack.current!;
      render.packages.push(packageName);
      try {
        if (template.parts) {
          output = renderSimpleTemplate(template.parts, scope);
        } else {
          const frame = new Frame();
          frame.topLevel = true;
          template.root!(this.njEnv, scope, frame, templateRuntime, (err, res) => {
            failure = err;
            output = res ?? '';
          });
        }
      } catch (error) {
        failure = error;
      } finally {
        render.packages.pop();
      }
    });
    if (failure) throw renderError(failure, place);
    return output;
  }

  callMacro(name: string, args: unknown[], kwargs: Record<string, unknown>, globals: Record<string, unknown>, tracker?: RenderTracker, packageName?: string): unknown {
    const entry = packageName ? this.registry.packageMacros(packageName)?.get(name) : this.findEntry(name);
    if (!entry) {
      throw new DailiesError('compile', `macro '${packageName ? `${packageName}.` : ''}${name}' is not defined`, {
        hint: 'define it in a .sql file under macro-paths (or install the package that provides it)',
      });
    }
    return this.stack.run(globals, tracker, () => {
      try {
        return entry.callable(...withKeywords(args, kwargs));
      } catch (error) {
        throw renderError(error, { file: entry.displayFile, line: entry.info.line });
      }
    });
  }

  dispatch(name: string, macroNamespace: string | undefined, globals: Record<string, unknown>, tracker?: RenderTracker): (...args: unknown[]) => unknown {
    const entry = this.stack.run(globals, tracker, () => this.resolveDispatch(name, macroNamespace));
    return (...args: unknown[]) =>
      this.stack.run(globals, tracker, () => {
        try {
          return entry.callable(...args);
        } catch (error) {
          throw renderError(error, { file: entry.displayFile, line: entry.info.line });
        }
      });
  }

  callDepth(): number {
    return this.stack.current?.calls.length ?? 0;
  }

  findMacro(name: string, packageName?: string): MacroInfo | undefined {
    return (packageName ? this.registry.packageMacros(packageName)?.get(name) : this.findEntry(name))?.info;
  }

  findTest(name: string, packageName?: string): MacroInfo | undefined {
    let pkg = packageName;
    let testName = name;
    const dot = name.lastIndexOf('.');
    if (dot > 0) {
      pkg = name.slice(0, dot);
      testName = name.slice(dot + 1);
    }
    return this.findMacro(`test_${testName}`, pkg);
  }

  macros(): MacroInfo[] {
    return this.registry.all().map((entry) => entry.info);
  }

  /** Root package, then the other packages in order, then the built-ins (dbt's priority for unnamespaced lookups). */
  private findEntry(name: string): MacroEntry | undefined {
    for (const pkg of [this.root, ...this.options.packageNames.filter((p) => p !== this.root), BUILTIN_PACKAGE]) {
      const entry = this.registry.packageMacros(pkg)?.get(name);
      if (entry) return entry;
    }
    return undefined;
  }

  private resolveDispatch(name: unknown, macroNamespace: unknown): MacroEntry {
    if (typeof name !== 'string') throw new DailiesError('compile', 'adapter.dispatch() needs a macro name (a string) as its first argument', { hint: "write adapter.dispatch('my_macro', 'my_package')" });
    const namespace = typeof macroNamespace === 'string' ? macroNamespace : undefined;
    const configured = this.options.dispatch.find((entry) => entry.macroNamespace === namespace);
    let order: string[];
    if (configured) order = configured.searchOrder;
    else if (namespace === undefined || namespace === BUILTIN_PACKAGE) {
      const calling = namespace === undefined ? this.stack.current?.packages.at(-1) : undefined;
      order = [...new Set([this.root, ...(calling && calling !== BUILTIN_PACKAGE ? [calling] : []), BUILTIN_PACKAGE])];
    } else order = [namespace];
    const key = `${order.join(',')}\u0000${name}`;
    const known = this.dispatched.get(key);
    if (known) return known;
    const tried: string[] = [];
    for (const pkg of order) {
      for (const prefix of [this.options.adapterType, 'default']) {
        const macroName = `${prefix}__${name}`;
        tried.push(`${pkg}.${macroName}`);
        const entry = this.registry.packageMacros(pkg)?.get(macroName);
        if (entry) {
          this.dispatched.set(key, entry);
          return entry;
        }
      }
    }
    throw new DailiesError('compile', `adapter.dispatch('${name}'${namespace ? `, '${namespace}'` : ''}) found no implementation; tried ${tried.join(', ')}`, {
      hint: `define default__${name} (or ${this.options.adapterType}__${name}) in one of those packages, or fix the dispatch: search_order in dbt_project.yml`,
    });
  }

  /** What a bare name means in code of `packageName`. */
  private resolverFor(packageName: string): (name: string) => unknown {
    const cached = this.resolvers.get(packageName);
    if (cached) return cached;
    const userPackages = packageName === BUILTIN_PACKAGE || packageName === this.root ? [this.root] : [packageName, this.root];
    const resolveName = (name: string): unknown => {
      for (const pkg of userPackages) {
        const entry = this.registry.packageMacros(pkg)?.get(name);
        if (entry) return entry.callable;
      }
      const render = this.stack.current;
      if (render) {
        if (name === 'adapter') return this.templateAdapter(render);
        const value = render.globals[name];
        if (value !== undefined && !(name in Object.prototype)) return value;
        if (name === 'builtins') return render.globals;
      }
      if (name === 'context') return this.contextFor(packageName, resolve);
      const builtin = this.registry.packageMacros(BUILTIN_PACKAGE)?.get(name);
      if (builtin) return builtin.callable;
      const namespace = this.namespaces.get(name);
      if (namespace) return namespace;
      return Object.prototype.hasOwnProperty.call(this.builtinGlobals, name) ? this.builtinGlobals[name] : undefined;
    };
    const resolve = (name: string): unknown => {
      const overrides = (this.stack.current?.globals as Record<symbol, unknown> | undefined)?.[MACRO_OVERRIDES] as MacroOverrides | undefined;
      return overrides ? overrides.apply(name, resolveName(name)) : resolveName(name);
    };
    this.resolvers.set(packageName, resolve);
    return resolve;
  }

  /**
   * dbt's `context`: every name a template of `packageName` can see, as a mapping
   * (`'snapshot_x_strategy' in context`, `context['my_package']`), resolved when read.
   */
  private contextFor(packageName: string, resolve: (name: string) => unknown): unknown {
    const known = this.contexts.get(packageName);
    if (known) return known;
    const lookup = (key: string | symbol): unknown => (typeof key === 'string' && key !== 'context' ? resolve(key) : undefined);
    const context = new Proxy(Object.create(null) as object, {
      get: (_target, key) => lookup(key),
      has: (_target, key) => lookup(key) !== undefined,
      getOwnPropertyDescriptor: (_target, key) => {
        const value = lookup(key);
        return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: false };
      },
    });
    this.contexts.set(packageName, context);
    return context;
  }

  /** The compiler's `adapter`, with `dispatch` when it has none of its own. */
  private templateAdapter(render: ActiveRender): unknown {
    if (render.adapter !== undefined) return render.adapter;
    const base = render.globals.adapter;
    const dispatch = (name: unknown, macroNamespace?: unknown): MacroCallable => this.resolveDispatch(name, macroNamespace).callable;
    if (base !== null && typeof base === 'object' && typeof (base as { dispatch?: unknown }).dispatch === 'function') render.adapter = base;
    else if (base !== null && typeof base === 'object') {
      render.adapter = new Proxy(base, {
        get(target, property) {
          if (property === 'dispatch') return dispatch;
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    } else render.adapter = { dispatch };
    return render.adapter;
  }

  private buildNamespace(packageName: string): MacroNamespace {
    const namespace = new MacroNamespace(packageName);
    for (const [name, entry] of this.registry.packageMacros(packageName) ?? []) {
      Object.defineProperty(namespace, name, { value: entry.callable, enumerable: true });
    }
    return namespace;
  }

  /** The template of `source`: simple ones read directly, others compiled by nunjucks (a few hundred kept). */
  private compiled(source: string, file: string): CompiledTemplate {
    let template = this.templates.get(source);
    if (!template) {
      const parts = parseSimpleTemplate(source);
      template = parts ? { parts } : { root: compileTemplate(source, file, null, this.njEnv) };
      if (this.templates.size >= TEMPLATE_CACHE_SIZE) this.templates.delete(this.templates.keys().next().value as string);
      this.templates.set(source, template);
    }
    return template;
  }

  private projectRoot: string | null | undefined;

  private displayPath(file: ProjectFile): string {
    if (this.projectRoot === undefined) this.projectRoot = this.options.projectRoot ?? inferProjectRoot(this.options.macroFiles, this.root) ?? null;
    const projectRoot = this.projectRoot ?? undefined;
    if (projectRoot !== undefined) return relative(projectRoot, file.absPath).split(sep).join('/');
    return file.relPath;
  }
}

function modelPackage(globals: Record<string, unknown>): string | undefined {
  const model = globals.model as { package_name?: unknown } | undefined;
  return model && typeof model.package_name === 'string' ? model.package_name : undefined;
}

/** The root package's folder, from one of its files (absPath ends with relPath). */
function inferProjectRoot(files: ProjectFile[], rootPackage: string): string | undefined {
  for (const file of files) {
    if (file.packageName !== rootPackage) continue;
    const abs = file.absPath.split(sep).join('/');
    if (abs.endsWith(`/${file.relPath}`)) return abs.slice(0, abs.length - file.relPath.length - 1);
  }
  return undefined;
}

export function createJinjaEnvironment(options: JinjaEnvironmentOptions): JinjaEnvironment {
  return new DbtJinjaEnvironment(options);
}
