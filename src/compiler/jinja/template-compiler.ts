/**
 * Compiles template source to nunjucks root functions with dbt (Jinja/Python) semantics that
 * nunjucks's own compiler lacks. A private Compiler subclass (nunjucks's `extend`, so nothing
 * global is patched) emits calls to helpers of our runtime (see template-runtime.ts):
 * - Python truthiness for `if`, `not`, `and`, `or`, inline if (empty lists/dicts are false);
 * - `(a, b)` is a tuple (a list), not JavaScript's comma operator;
 * - `+` concatenates lists (and `+`/`-` reach `__add__`/`__sub__` of datetimes), `~` renders None/True as Python does, `%` formats strings, `*` repeats;
 * - every macro body restores the template's frame when it exits by an exception (`return()`
 *   is one) and records where an error was raised (file and line inside the macro);
 * - macros defined inside a template are wrapped so that `return()` works in them too.
 */
import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';
import { PyFloat } from './python-numbers.js';
import { parseTemplate } from './parser.js';
import { PY_NODES, PyBool, PyDoubleStarArg, PyRaw, PyStarArg, PyTruthy, type NjNode } from './py-nodes.js';

export type RootRenderFunc = (env: unknown, context: unknown, frame: unknown, runtime: unknown, cb: (err: unknown, res?: string) => void) => void;

const internals = {
  ...(nunjucks as unknown as {
    compiler: { Compiler: any };
    nodes: { Node: any; Set: any; Literal: any; Symbol: any };
  }),
  /** Not re-exported by nunjucks's index; the same module its compiler uses. */
  transformer: createRequire(import.meta.url)('nunjucks/src/transformer') as { transform(ast: NjNode, asyncFilters: string[], name: string): NjNode },
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
/** A single-name loop's items as Python iterates them (a dict gives its keys). */
const PyIterate = nodes.Node.extend('PyIterate', { fields: ['target'] });
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

const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>=', 'in', 'notin']);

const BaseCompiler = internals.compiler.Compiler;

const DbtCompiler = BaseCompiler.extend({
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
    this._macroCheck = { name: node.name?.value ?? 'caller', varargs: names.has('varargs'), kwargs: names.has('kwargs') };
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
      this.parent(`frame.set("kwargs", runtime.pyExtraKeywords(kwargs, ${JSON.stringify(this._macroArgNames)}));`);
      this.parent('frame.set("varargs", kwargs[runtime.VARARGS] || runtime.NO_VARARGS);');
      const check = this._macroCheck;
      if (!check.varargs || !check.kwargs) {
        this.parent(`runtime.pyCheckArguments(${JSON.stringify(check.name)}, kwargs, ${JSON.stringify(this._macroArgNames)}, ${check.varargs}, ${check.kwargs});`);
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

  /** Integral float literals are PyFloats (`3.0` prints `3.0`). */
  compileLiteral(this: any, node: NjNode) {
    if (node.value instanceof PyFloat) this._emit(`new runtime.PyFloat(${node.value.value})`);
    else this.parent(node);
  },

  /** Dict literals: a key is an expression (a name is its value), made a string key. */
  compileDict(this: any, node: NjNode, frame: any) {
    if (node.typename !== 'Dict') return this.parent(node, frame);
    this._emit('{');
    (node.children as NjNode[]).forEach((pair, i) => {
      if (i > 0) this._emit(', ');
      if (pair.key.typename === 'Literal' && typeof pair.key.value === 'string') {
        this.compile(pair.key, frame);
      } else {
        this._emit('[runtime.pyKey(');
        this._compileExpression(pair.key, frame);
        this._emit(')]');
      }
      this._emit(': ');
      this._compileExpression(pair.value, frame);
    });
    this._emit('}');
  },

  compilePyTupleLiteral(this: any, node: NjNode, frame: any) {
    this._emit('runtime.pyTuple(');
    this._compileAggregate(node, frame, '[', ']');
    this._emit(')');
  },

  compilePySlice(this: any, node: NjNode, frame: any) {
    this._emit('runtime.pySlice(');
    this._compileExpression(node.target, frame);
    for (const part of [node.start, node.stop, node.step]) {
      this._emit(', ');
      if (part) this._compileExpression(part, frame);
      else this._emit('null');
    }
    this._emit(')');
  },

  compilePyIterate(this: any, node: NjNode, frame: any) {
    this._emit('runtime.pyIterate(');
    this._compileExpression(node.target, frame);
    this._emit(')');
  },

  /** Calls with `*args` / `**kwargs`: the arguments are assembled at run time. */
  compileFunCall(this: any, node: NjNode, frame: any) {
    const children = node.args.children as NjNode[];
    const keywordNode = children.at(-1)?.typename === 'KeywordArgs' ? children.at(-1)! : null;
    const positional = keywordNode ? children.slice(0, -1) : children;
    const keywords: NjNode[] = keywordNode ? keywordNode.children : [];
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, runtime.callWrap(`);
    this._compileExpression(node.name, frame);
    // The callee's name goes into the code as a string literal (it may hold a multi-line string).
    this._emit(`, ${JSON.stringify(this._getNodeName(node.name)).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}, context, `);
    if (!positional.some((arg) => arg instanceof PyStarArg) && !keywords.some((arg) => arg instanceof PyDoubleStarArg)) {
      this._compileAggregate(node.args, frame, '[', '])');
      this._emit(')');
      return;
    }
    this._emit('runtime.pyCallArgs([');
    positional.forEach((arg, i) => {
      if (i > 0) this._emit(', ');
      if (arg instanceof PyStarArg) {
        this._emit('runtime.pyList(');
        this._compileExpression(arg.value, frame);
        this._emit(')');
      } else {
        this._emit('[');
        this._compileExpression(arg, frame);
        this._emit(']');
      }
    });
    this._emit('], [');
    keywords.forEach((arg, i) => {
      if (i > 0) this._emit(', ');
      if (arg instanceof PyDoubleStarArg) {
        this._compileExpression(arg.value, frame);
      } else {
        this._emit(`{${JSON.stringify(arg.key.value)}: `);
        this._compileExpression(arg.value, frame);
        this._emit('}');
      }
    });
    this._emit('])))');
  },

  /** Python comparisons: `==` by value, chains (`1 < x < 3`) as Python evaluates them. */
  compileCompare(this: any, node: NjNode, frame: any) {
    const ops = node.ops as NjNode[];
    for (const op of ops) if (!COMPARE_OPS.has(op.type)) this.fail(`unknown comparison ${op.type}`, op.lineno, op.colno);
    if (ops.length === 1) {
      this._emit(`runtime.pyCompare(${JSON.stringify(ops[0]!.type)}, `);
      this.compile(node.expr, frame);
      this._emit(', ');
      this.compile(ops[0]!.expr, frame);
      this._emit(')');
      return;
    }
    this._emit(`runtime.pyCompareChain(${JSON.stringify(ops.map((op) => op.type))}, [`);
    this.compile(node.expr, frame);
    for (const op of ops) {
      this._emit(', ');
      this.compile(op.expr, frame);
    }
    this._emit('])');
  },

  compileDiv(this: any, node: NjNode, frame: any) {
    this._binaryHelper('pyDiv', node, frame);
  },
  compileFloorDiv(this: any, node: NjNode, frame: any) {
    this._binaryHelper('pyFloorDiv', node, frame);
  },
  compilePow(this: any, node: NjNode, frame: any) {
    this._binaryHelper('pyPow', node, frame);
  },
  compileNeg(this: any, node: NjNode, frame: any) {
    this._emit('runtime.pyNeg(');
    this.compile(node.target, frame);
    this._emit(')');
  },

  /** A single-name loop iterates as Python does (a dict's keys, a set's items). */
  compileFor(this: any, node: NjNode, frame: any) {
    if (node.name.typename !== 'Array') node.arr = new PyIterate(node.arr.lineno, node.arr.colno, node.arr);
    this._loopDepth = (this._loopDepth ?? 0) + 1;
    try {
      this.parent(node, frame);
    } finally {
      this._loopDepth--;
    }
  },

  /** The loop body is the JavaScript loop's body, so Jinja's break/continue are JavaScript's. */
  compilePyLoopControl(this: any, node: NjNode) {
    if (!this._loopDepth) this.fail(`{% ${node.kind} %} outside a for loop`, node.lineno, node.colno);
    this._emitLine(`${node.kind};`);
  },

  /** Jinja's loop.cycle/previtem/nextitem/changed besides nunjucks's loop.index… bindings. */
  _emitLoopBindings(this: any, node: NjNode, arr: string, i: string, len: string) {
    this.parent(node, arr, i, len);
    const state = this._tmpid();
    this._emitLine(`var ${state} = ${i} === 0 || !${state} ? runtime.pyLoopState() : ${state};`);
    this._emitLine(`${state}.index = ${i};`);
    this._emitLine(`frame.set("loop.cycle", ${state}.cycle);`);
    this._emitLine(`frame.set("loop.changed", ${state}.changed);`);
    // Loops are never recursive here: the depth is always the first level.
    this._emitLine('frame.set("loop.depth", 1);');
    this._emitLine('frame.set("loop.depth0", 0);');
    this._emitLine(`frame.set("loop.previtem", runtime.isArray(${arr}) && ${i} > 0 ? ${arr}[${i} - 1] : undefined);`);
    this._emitLine(`frame.set("loop.nextitem", runtime.isArray(${arr}) && ${i} + 1 < ${len} ? ${arr}[${i} + 1] : undefined);`);
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

  compilePyRaw(this: any, node: NjNode) {
    this._emit(node.code);
  },

  compilePyTruthy(this: any, node: NjNode, frame: any) {
    this._emit('runtime.pyTruthy(');
    this.compile(node.target, frame);
    this._emit(')');
  },

  compilePyBool(this: any, node: NjNode, frame: any) {
    this._emit(`runtime.${node.op}(`);
    this.compile(node.left, frame);
    this._emit(', function () { return (');
    this.compile(node.right, frame);
    this._emit('); })');
  },

  compileIf(this: any, node: NjNode, frame: any, async: boolean) {
    node.cond = new PyTruthy(node.cond.lineno, node.cond.colno, node.cond);
    this.parent(node, frame, async);
  },

  compileInlineIf(this: any, node: NjNode, frame: any) {
    node.cond = new PyTruthy(node.cond.lineno, node.cond.colno, node.cond);
    this.parent(node, frame);
  },

  compileNot(this: any, node: NjNode, frame: any) {
    this._emit('!');
    this.compilePyTruthy({ target: node.target }, frame);
  },

  compileAnd(this: any, node: NjNode, frame: any) {
    const bool = new PyBool(node.lineno, node.colno, node.left, node.right);
    bool.op = 'pyAnd';
    this.compilePyBool(bool, frame);
  },

  compileOr(this: any, node: NjNode, frame: any) {
    const bool = new PyBool(node.lineno, node.colno, node.left, node.right);
    bool.op = 'pyOr';
    this.compilePyBool(bool, frame);
  },

  /** A parenthesised list of several expressions is a Python tuple: a list here (nunjucks would keep only the last). */
  compileGroup(this: any, node: NjNode, frame: any) {
    if (node.children.length > 1) this._compileAggregate(node, frame, '[', ']');
    else this.parent(node, frame);
  },

  compileAdd(this: any, node: NjNode, frame: any) {
    this._binaryHelper('pyAdd', node, frame);
  },
  compileConcat(this: any, node: NjNode, frame: any) {
    this._binaryHelper('pyConcat', node, frame);
  },
  compileMod(this: any, node: NjNode, frame: any) {
    this._binaryHelper('pyMod', node, frame);
  },
  compileSub(this: any, node: NjNode, frame: any) {
    this._binaryHelper('pySub', node, frame);
  },
  compileMul(this: any, node: NjNode, frame: any) {
    this._binaryHelper('pyMul', node, frame);
  },

  _binaryHelper(this: any, helper: string, node: NjNode, frame: any) {
    this._emit(`runtime.${helper}(`);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
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
