/**
 * Compiles template source to nunjucks root functions with dbt (Jinja/Python) semantics that
 * nunjucks's own compiler lacks. A private Compiler subclass (nunjucks's `extend`, so nothing
 * global is patched) emits calls to helpers of our runtime (see template-runtime.ts). Expressions
 * are in compiler-expressions.ts; here are statements:
 * - macros bind arguments as Jinja does (`varargs`, `kwargs`, errors for arguments they cannot
 *   take), restore the template's frame when they exit by an exception (`return()` is one) and
 *   record where an error was raised (file and line inside the macro); macros defined inside a
 *   template are wrapped so that `return()` works in them too;
 * - `{% set %}` on namespace attributes and tuples, `{% with %}`, loops with Jinja's `loop.*`
 *   and `break`/`continue`; `import`/`include` fail as in dbt (no template loader).
 */
import nunjucks from 'nunjucks';
import nunjucksTransformer from 'nunjucks/src/transformer.js';
import { parseTemplate } from './parser.js';
import { expressionRules } from './compiler-expressions.js';
import { PY_NODES, PyDoubleStarArg, PyIterate, PyLoopFilter, PyRaw, PyStarArg, type NjNode } from './py-nodes.js';

export type RootRenderFunc = (env: unknown, context: unknown, frame: unknown, runtime: unknown, cb: (err: unknown, res?: string) => void) => void;

const internals = {
  ...(nunjucks as unknown as {
    compiler: { Compiler: any };
    nodes: { Node: any; Set: any; Literal: any; Symbol: any; For: any };
  }),
  /** Not re-exported by nunjucks's index; the same module its compiler uses (a static import, so the Action's bundle holds it). */
  transformer: nunjucksTransformer as { transform(ast: NjNode, asyncFilters: string[], name: string): NjNode },
};

let compatInstalled = false;
/** nunjucks's Jinja compatibility (True/False/None names); process-wide, idempotent. */
export function ensureJinjaCompat(): void {
  if (compatInstalled) return;
  nunjucks.installJinjaCompat();
  compatInstalled = true;
}

// The compat layer patches Compiler.prototype and Parser.prototype: install it before subclassing.
ensureJinjaCompat();

const { nodes } = internals;
/** The names a macro body reads, not counting macros and call blocks defined inside it (their own scope). */
function referencedNames(node: unknown, names: Set<string>): void {
  if (node === null || typeof node !== 'object') return;
  const n = node as NjNode;
  if (n.typename === 'Symbol') {
    names.add(n.value);
    return;
  }
  if (n.typename === 'Macro' || n.typename === 'Caller') return;
  if (Array.isArray(n.children)) for (const child of n.children) referencedNames(child, names);
  for (const field of (n.fields as string[] | undefined) ?? []) if (field !== 'children') referencedNames(n[field], names);
}

/** Whether `name` is read anywhere in `node`, nested macros, call blocks and set blocks included (Jinja2's test for a macro's `caller`). */
function mentions(node: unknown, name: string): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((child) => mentions(child, name));
  const n = node as NjNode;
  if (n.typename === 'Symbol') return n.value === name;
  if (typeof n.typename !== 'string') return false;
  for (const key of Object.keys(n)) if (key !== 'lineno' && key !== 'colno' && mentions(n[key], name)) return true;
  return false;
}

const BaseCompiler = internals.compiler.Compiler;

const DbtCompiler = BaseCompiler.extend({
  ...expressionRules,

  init(this: any, name: string, throwOnUndefined: boolean, fileLiteral: string) {
    this.parent(name, throwOnUndefined);
    this.fileLiteral = fileLiteral;
  },

  assertType(this: any, node: unknown, ...types: unknown[]) {
    if (PY_NODES.some((type) => node instanceof type) || node instanceof PyIterate) return;
    this.parent(node, ...types);
  },

  /** Remembers the declared argument names for the `kwargs` variable of the macro being compiled. */
  _compileMacro(this: any, node: NjNode, frame: any) {
    const children = node.args.children as NjNode[];
    const starred = [...children, ...children.flatMap((arg) => (arg.typename === 'KeywordArgs' ? arg.children : []))].find((arg) => arg instanceof PyStarArg || arg instanceof PyDoubleStarArg);
    if (starred) this.fail('a macro signature takes names only: Jinja passes extra arguments in `varargs` and `kwargs`', starred.lineno, starred.colno);
    this._macroArgNames = children.flatMap((arg) => (arg.typename === 'Symbol' ? [arg.value] : (arg.children ?? []).map((pair: NjNode) => pair.key.value)));
    // As Jinja2, a macro takes extra arguments only if its body reads `varargs` / `kwargs`.
    const names = new Set<string>();
    referencedNames(node.body, names);
    this._macroCheck = { name: node.name?.value ?? 'caller', varargs: names.has('varargs'), kwargs: names.has('kwargs'), caller: names.has('caller') || mentions(node.body, 'caller') };
    // A macro body is a function of its own: a loop around its definition does not enclose it.
    const loopDepth = this._loopDepth;
    this._loopDepth = 0;
    try {
      return this.parent(node, frame);
    } finally {
      this._loopDepth = loopDepth;
    }
  },

  _emitLine(this: any, code: string) {
    this.parent(code);
    if (code === 'kwargs = kwargs || {};' && this._macroArgNames) {
      // Jinja's `kwargs`: the keyword arguments the macro does not declare.
      const check = this._macroCheck;
      this.parent(`frame.set("kwargs", runtime.pyExtraKeywords(kwargs, ${JSON.stringify(this._macroArgNames)}${check.caller ? '' : ', false'}));`);
      this.parent('frame.set("varargs", kwargs[runtime.VARARGS] || runtime.NO_VARARGS);');
      if (!check.varargs || !check.kwargs) {
        // Most calls pass no keyword and no extra argument: test that before building the check's arguments.
        this.parent(`if (kwargs[runtime.VARARGS] !== undefined || runtime.hasKeys(kwargs)) runtime.pyCheckArguments(${JSON.stringify(check.name)}, kwargs, ${JSON.stringify(this._macroArgNames)}, ${check.varargs}, ${check.kwargs}${check.caller ? '' : ', false'});`);
      }
      this._macroArgNames = undefined;
    } else if (code === 'var callerFrame = frame;') {
      this.parent('try {');
    } else if (code.startsWith('return new runtime.SafeString(')) {
      this.parent(`} catch (e) { throw runtime.markErrorPlace(e, ${this.fileLiteral}, lineno); }`);
      this.parent('finally { frame = callerFrame; }');
    }
  },

  compileMacro(this: any, node: NjNode, frame: any) {
    const funcId = this._compileMacro(node);
    const wrapped = this._tmpid();
    const name = node.name.value as string;
    this._emitLine(`var ${wrapped} = runtime.wrapInlineMacro(${funcId});`);
    frame.set(name, wrapped);
    if (frame.parent) {
      this._emitLine(`frame.set(${JSON.stringify(name)}, ${wrapped});`);
    } else {
      if (name.charAt(0) !== '_') this._emitLine(`context.addExport(${JSON.stringify(name)});`);
      this._emitLine(`context.setVariable(${JSON.stringify(name)}, ${wrapped});`);
    }
  },

  /** `{% set ns.attr = v %}` (Jinja namespaces) and `{% set a, b = pair %}` (tuple unpacking). */
  compileSet(this: any, node: NjNode, frame: any) {
    const targets = node.targets as NjNode[];
    if (node.value && targets.length === 1 && targets[0]!.typename === 'LookupVal') {
      this._emit('runtime.pySetAttribute(');
      this._compileExpression(targets[0]!.target, frame);
      this._emit(', ');
      this._compileExpression(targets[0]!.val, frame);
      this._emit(', ');
      this._compileExpression(node.value, frame);
      this._emitLine(');');
      return;
    }
    if (!node.value && node.body && targets.length === 1 && targets[0]!.typename === 'LookupVal') {
      this._emit('runtime.pySetAttribute(');
      this._compileExpression(targets[0]!.target, frame);
      this._emit(', ');
      this._compileExpression(targets[0]!.val, frame);
      this._emit(', ');
      this.compile(node.body, frame);
      this._emitLine(');');
      return;
    }
    if (node.value && targets.length > 1) {
      const tuple = this._tmpid();
      this._emit(`var ${tuple} = runtime.pyUnpack(`);
      this._compileExpression(node.value, frame);
      this._emitLine(`, ${targets.length});`);
      targets.forEach((target, i) => {
        this.compileSet(new nodes.Set(node.lineno, node.colno, [target], new PyRaw(node.lineno, node.colno, `${tuple}[${i}]`)), frame);
      });
      return;
    }
    this.parent(node, frame);
  },

  /** A single-name loop iterates as Python does (a dict's keys, a set's items). */
  compileFor(this: any, node: NjNode, frame: any) {
    if (node.recursive) return this._compileRecursiveFor(node, frame);
    if (node.name.typename !== 'Array') node.arr = new PyIterate(node.arr.lineno, node.arr.colno, node.arr);
    this._loopDepth = (this._loopDepth ?? 0) + 1;
    try {
      this.parent(node, frame);
    } finally {
      this._loopDepth--;
    }
  },

  /**
   * `{% for x in items recursive %}`: the loop is a function of its items and depth that returns
   * its output; `loop(children)` (LoopContext.call) runs it again one level deeper.
   */
  _compileRecursiveFor(this: any, node: NjNode, frame: any) {
    const fn = this._tmpid();
    const items = this._tmpid();
    const depth = this._tmpid();
    // With a loop filter (`for x in items if cond recursive`) the filter applies at every level.
    const filter = node.arr.typename === 'PyLoopFilter' ? node.arr : null;
    const first = filter ? filter.arr : node.arr;
    const raw = new PyRaw(first.lineno, first.colno, items);
    const loop = new nodes.For(node.lineno, node.colno, filter ? new PyLoopFilter(filter.lineno, filter.colno, raw, filter.name, filter.cond) : raw, node.name, node.body, node.else_);
    loop.recursiveLoop = { fn, depth };
    const buffer = this.buffer;
    this._emitLine(`var ${fn} = function (${items}, ${depth}) {`);
    this._emitLine('var output = "";');
    this.buffer = 'output';
    try {
      this.compileFor(loop, frame);
    } finally {
      this.buffer = buffer;
    }
    this._emitLine('return output;');
    this._emitLine('};');
    this._emit(`${buffer} += ${fn}(`);
    this._compileExpression(first, frame);
    this._emitLine(', 1);');
  },

  /** The loop body is the JavaScript loop's body, so Jinja's break/continue are JavaScript's. */
  compilePyLoopControl(this: any, node: NjNode) {
    if (!this._loopDepth) this.fail(`{% ${node.kind} %} outside a for loop`, node.lineno, node.colno);
    this._emitLine(`${node.kind};`);
  },

  /**
   * Jinja's `loop`: one object per run of the loop (loop-context.ts) whose properties follow the
   * index, bound once per iteration (nunjucks binds each `loop.*` name separately).
   */
  _emitLoopBindings(this: any, _node: NjNode, arr: string, i: string, len: string) {
    const loop = this._tmpid();
    const recursive = _node.recursiveLoop ? `, ${_node.recursiveLoop.depth}, ${_node.recursiveLoop.fn}` : '';
    this._emitLine(`var ${loop} = ${i} === 0 || !${loop} ? new runtime.LoopContext(${arr}, ${len}${recursive}) : ${loop};`);
    this._emitLine(`${loop}.index0 = ${i};`);
    this._emitLine(`frame.set("loop", ${loop});`);
  },

  /** `{% with %}`: the values are computed in the enclosing scope, then bound in a scope of the body's own. */
  compilePyWith(this: any, node: NjNode, frame: any) {
    const ids = (node.values as NjNode[]).map((value) => {
      const id = this._tmpid();
      this._emit(`var ${id} = `);
      this._compileExpression(value, frame);
      this._emitLine(';');
      return id;
    });
    const inner = frame.push();
    this._emitLine('frame = frame.push();');
    (node.names as string[]).forEach((name, i) => {
      this._emitLine(`frame.set(${JSON.stringify(name)}, ${ids[i]});`);
      inner.set(name, ids[i]);
    });
    this.compile(node.body, inner);
    this._emitLine('frame = frame.pop();');
  },

  /** dbt's Jinja environment has no template loader: these tags fail when they run, as in dbt. */
  compileImport(this: any, node: NjNode, frame: any) {
    this._noLoader('import', node, frame);
  },
  compileFromImport(this: any, node: NjNode, frame: any) {
    this._noLoader('from … import', node, frame);
  },
  compileInclude(this: any, node: NjNode, frame: any) {
    this._noLoader('include', node, frame);
  },
  _noLoader(this: any, tag: string, node: NjNode, frame: any) {
    this._emit(`lineno = ${node.lineno}; colno = ${node.colno}; runtime.pyNoLoader(${JSON.stringify(tag)}, `);
    this._compileExpression(node.template, frame);
    this._emitLine(');');
  },

  compilePyLoopFilter(this: any, node: NjNode, frame: any) {
    const item = this._tmpid();
    const inner = frame.push();
    const names: NjNode[] = node.name.typename === 'Array' ? node.name.children : [node.name];
    if (names.length === 1) inner.set(names[0]!.value, item);
    else names.forEach((name, i) => inner.set(name.value, `${item}[${i}]`));
    this._emit('runtime.pyLoopFilter(');
    this._compileExpression(node.arr, frame);
    this._emit(`, ${names.length}, function (${item}) { return runtime.pyTruthy(`);
    this._compileExpression(node.cond, inner);
    this._emit('); })');
  },

});

export interface CompileTarget {
  /** Extensions registered on the nunjucks Environment (`env.extensionsList`). */
  extensionsList: unknown[];
  asyncFilters: string[];
  opts: Record<string, unknown>;
}

/**
 * Compiles `source` to its root render function. `errorFile` is the file errors inside macros
 * defined in this source are attributed to (null: the file of the render, resolved by the caller).
 * Throws nunjucks's TemplateError (with a 1-based `lineno`) on syntax errors.
 */
export function compileTemplate(source: string, name: string, errorFile: string | null, target: CompileTarget): RootRenderFunc {
  const compiler = new DbtCompiler(name, false, JSON.stringify(errorFile));
  const ast = parseTemplate(source, target.extensionsList, target.opts);
  // The transformer only lifts async filters and `super()` calls of template inheritance,
  // neither of which dbt templates use; skipping it saves a fifth of the compile time.
  compiler.compile(source.includes('super') ? internals.transformer.transform(ast, target.asyncFilters, name) : ast);
  const code: string = compiler.getCode();
  const props = new Function(code)() as { root: RootRenderFunc };
  return props.root;
}
