/**
 * Every macro of every package, compiled once. Each macro file's template runs once, at
 * creation, in a scope of its own whose name lookups go to the package's macros and to the
 * render in progress (see render-state.ts); the macros it defines become callables that
 * record themselves in the render's tracker and turn `return(value)` into their result.
 */
import { DailiesError } from '../../errors.js';
import type { ProjectFile } from '../../project/types.js';
import { parseMacroFile } from './macro-files.js';
import { aloneSource, macroSpans } from './macro-alone.js';
import type { RenderStack } from './render-state.js';
import { compileTemplate, type CompileTarget, type RootRenderFunc } from './template-compiler.js';
import { MacroReturn, templateRuntime } from './template-runtime.js';
import type { MacroInfo } from './types.js';

/**
 * Compiled macro files, shared by every environment of the process (the base and head
 * manifests of a pull request, tests): a root function is pure code, and running it with an
 * environment's own scope gives that environment its own macros.
 */
const compiledFiles = new Map<string, RootRenderFunc>();
const COMPILED_FILES_LIMIT = 5000;

function compiledMacroFile(template: string, displayFile: string, target: CompileTarget): RootRenderFunc {
  const key = `${displayFile}\0${template}`;
  let root = compiledFiles.get(key);
  if (!root) {
    root = compileTemplate(template, displayFile, displayFile, target);
    if (compiledFiles.size >= COMPILED_FILES_LIMIT) compiledFiles.clear();
    compiledFiles.set(key, root);
  }
  return root;
}

export type MacroCallable = (...args: unknown[]) => unknown;

export interface MacroEntry {
  info: MacroInfo;
  callable: MacroCallable;
  /** File named in errors raised inside the macro. */
  displayFile: string;
}

/** One macro file to load: a project file, or a built-in one (file null). */
export interface MacroSource {
  packageName: string;
  file: ProjectFile | null;
  displayFile: string;
  contents: string;
  /**
   * Compile the file when one of its macros is first called, not now (installed packages and
   * the built-ins: a syntax error in a macro nobody calls then goes unreported).
   */
  lazy?: boolean;
}

/** The nunjucks "context" of one template: top-level `{% set %}`s, then `resolve` for every other name. */
export class TemplateScope {
  ctx: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  blocks: Record<string, unknown[]> = {};
  exported: string[] = [];

  constructor(
    readonly env: unknown,
    private readonly resolve: (name: string) => unknown,
  ) {}

  lookup(name: string): unknown {
    const own = this.ctx[name];
    return own !== undefined ? own : this.resolve(name);
  }
  setVariable(name: string, value: unknown): void {
    this.ctx[name] = value;
  }
  getVariables(): Record<string, unknown> {
    return this.ctx;
  }
  addExport(name: string): void {
    this.exported.push(name);
  }
  getExported(): Record<string, unknown> {
    return Object.fromEntries(this.exported.map((name) => [name, this.ctx[name]]));
  }
  addBlock(name: string, block: unknown): this {
    (this.blocks[name] ??= []).push(block);
    return this;
  }
  getBlock(name: string): unknown {
    const block = this.blocks[name]?.[0];
    if (!block) throw new Error(`unknown block "${name}"`);
    return block;
  }
}

export interface RegistryDeps {
  stack: RenderStack;
  njEnv: CompileTarget;
  /** Name resolution for code of a package (what a bare name means there). */
  resolverFor(packageName: string): (name: string) => unknown;
  Frame: new () => { topLevel: boolean };
}

export class MacroRegistry {
  /** package → macro name → entry */
  private readonly byPackage = new Map<string, Map<string, MacroEntry>>();

  constructor(private readonly deps: RegistryDeps) {}

  packageMacros(packageName: string): Map<string, MacroEntry> | undefined {
    return this.byPackage.get(packageName);
  }

  all(): MacroEntry[] {
    return [...this.byPackage.values()].flatMap((macros) => [...macros.values()]);
  }

  /** Parses, compiles and runs one macro file, registering its macros. */
  load(source: MacroSource): void {
    const parsed = parseMacroFile(source.contents, source.displayFile);
    if (parsed.macros.length === 0) return;
    const macros = this.byPackage.get(source.packageName) ?? new Map<string, MacroEntry>();
    this.byPackage.set(source.packageName, macros);
    const seen = new Map<string, { displayFile: string; line: number }>();
    for (const [name, entry] of macros) seen.set(name, { displayFile: entry.displayFile, line: entry.info.line });
    for (const declared of parsed.macros) {
      const existing = seen.get(declared.name);
      seen.set(declared.name, { displayFile: source.displayFile, line: declared.line });
      if (existing) {
        throw new DailiesError('compile', `macro '${declared.name}' is defined twice in package '${source.packageName}': ${existing.displayFile}:${existing.line} and ${source.displayFile}:${declared.line}`, {
          place: { file: source.displayFile, line: declared.line },
          hint: 'rename or delete one of them (a package may define each macro name once)',
        });
      }
    }
    // The file's template is compiled and run once, when one of its macros is first called (or
    // now, for an eager load): most macros of a large package are never called by a project.
    let defined: Map<string, { raw: unknown; scope: TemplateScope }> | null = null;
    const define = (): Map<string, { raw: unknown; scope: TemplateScope }> => {
      if (!defined) {
        const scope = new TemplateScope(this.deps.njEnv, this.deps.resolverFor(source.packageName));
        this.runFileTemplate(parsed.template, source, scope);
        defined = new Map();
        for (const declared of parsed.macros) {
          defined.set(declared.name, { raw: scope.ctx[declared.name], scope });
          delete scope.ctx[declared.name];
        }
      }
      return defined;
    };
    // a lazy file of macros alone: each macro compiled on its own when first called (macro-alone.ts)
    let spans: Map<string, { start: number; end: number }> | null | undefined;
    const defineAlone = (name: string, span: { start: number; end: number }): { raw: unknown; scope: TemplateScope } => {
      const scope = new TemplateScope(this.deps.njEnv, this.deps.resolverFor(source.packageName));
      this.runFileTemplate(parseMacroFile(aloneSource(source.contents, span), source.displayFile).template, source, scope);
      const raw = scope.ctx[name];
      delete scope.ctx[name];
      return { raw, scope };
    };
    if (!source.lazy) define();
    for (const declared of parsed.macros) {
      if (!source.lazy && typeof define().get(declared.name)?.raw !== 'function') continue;
      const info: MacroInfo = {
        uniqueId: `macro.${source.packageName}.${declared.name}`,
        name: declared.name,
        packageName: source.packageName,
        file: source.file,
        line: declared.line,
        sql: declared.sql,
        checksum: declared.checksum,
        argNames: declared.argNames,
        isTest: declared.isTest,
        ...(declared.materialization ? { materialization: declared.materialization } : {}),
      };
      const resolve = (): { raw: MacroCallable; scope: TemplateScope } => {
        if (spans === undefined) spans = source.lazy ? macroSpans(source.contents, parsed.macros) : null;
        const span = spans?.get(declared.name);
        const found = span ? defineAlone(declared.name, span) : define().get(declared.name);
        if (typeof found?.raw !== 'function') throw new Error(`macro '${declared.name}' was not defined when ${source.displayFile} ran`);
        return found as { raw: MacroCallable; scope: TemplateScope };
      };
      macros.set(declared.name, { info, displayFile: source.displayFile, callable: this.makeCallable(info, resolve) });
    }
  }

  private runFileTemplate(template: string, source: MacroSource, scope: TemplateScope): void {
    let root;
    try {
      root = compiledMacroFile(template, source.displayFile, this.deps.njEnv);
    } catch (error) {
      const line = (error as { lineno?: number }).lineno;
      throw new DailiesError('compile', `cannot parse macro file: ${(error as Error).message}`, {
        place: { file: source.displayFile, line },
        hint: 'fix the Jinja syntax of this macro file',
        cause: error,
      });
    }
    const frame = new this.deps.Frame();
    frame.topLevel = true;
    let failure: unknown;
    this.deps.stack.run({}, undefined, () =>
      root(this.deps.njEnv, scope, frame, templateRuntime, (err) => {
        failure = err;
      }),
    );
    if (failure) {
      throw new DailiesError('compile', `the top level of this macro file failed: ${(failure as Error).message ?? String(failure)}`, {
        place: { file: source.displayFile },
        hint: 'macro files should hold only {% macro %} and {% test %} blocks',
        cause: failure,
      });
    }
  }

  private makeCallable(info: MacroInfo, resolve: () => { raw: MacroCallable; scope: TemplateScope }): MacroCallable {
    const stack = this.deps.stack;
    let compiled: { raw: MacroCallable; scope: TemplateScope } | null = null;
    const uniqueId = info.uniqueId;
    const packageName = info.packageName;
    const macro = function (...args: unknown[]): unknown {
      const render = stack.current;
      if (render) {
        const tracker = render.tracker;
        if (tracker) {
          tracker.macrosCalled.add(uniqueId);
          if (render.calls.length === 0) tracker.directMacros?.add(uniqueId);
          else if (tracker.macroCalls) {
            const caller = render.calls[render.calls.length - 1]!;
            let callees = tracker.macroCalls.get(caller);
            if (!callees) tracker.macroCalls.set(caller, (callees = new Set()));
            callees.add(uniqueId);
          }
        }
        render.packages.push(packageName);
        render.calls.push(uniqueId);
      }
      try {
        // `raw` is the file template's macro as wrapped by runtime.wrapInlineMacro: it already
        // turns return(value) into its result and rendered text into a string.
        compiled ??= resolve();
        return compiled.raw.apply(compiled.scope, args);
      } catch (error) {
        if (error instanceof MacroReturn) return error.value;
        throw error;
      } finally {
        render?.packages.pop();
        render?.calls.pop();
      }
    };
    Object.defineProperty(macro, 'name', { value: info.name });
    return macro;
  }
}
