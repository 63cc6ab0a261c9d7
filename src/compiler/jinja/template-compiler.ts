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
import nunjucks from 'nunjucks';
import nunjucksTransformer from 'nunjucks/src/transformer.js';

export type RootRenderFunc = (env: unknown, context: unknown, frame: unknown, runtime: unknown, cb: (err: unknown, res?: string) => void) => void;

interface NjNode {
  lineno: number;
  colno: number;
  [field: string]: any;
}

const internals = {
  ...(nunjucks as unknown as {
    compiler: { Compiler: any };
    parser: { Parser: any };
    lexer: { lex(src: string, opts: unknown): unknown; [token: string]: any };
    nodes: { Node: any; Symbol: any; FunCall: any; NodeList: any; Is: any; Not: any; Set: any };
  }),
  /** Not re-exported by nunjucks's index; the same module its compiler uses (a static import, so the Action's bundle holds it). */
  transformer: nunjucksTransformer as { transform(ast: NjNode, asyncFilters: string[], name: string): NjNode },
};

let compatInstalled = false;
/** nunjucks's Jinja compatibility (slices, True/False/None, Python list/dict methods); process-wide, idempotent. */
export function ensureJinjaCompat(): void {
  if (compatInstalled) return;
  nunjucks.installJinjaCompat();
  compatInstalled = true;
}

// The compat layer patches Compiler.prototype and Parser.prototype: install it before subclassing.
ensureJinjaCompat();

const { Node } = internals.nodes;
const PyTruthy = Node.extend('PyTruthy', { fields: ['target'] });
const PyBool = Node.extend('PyBool', { fields: ['left', 'right'] });
/** `for x in items if cond`: the items for which `cond` holds, with the loop variable(s) bound. */
const PyLoopFilter = Node.extend('PyLoopFilter', { fields: ['arr', 'name', 'cond'] });
/** JavaScript code emitted as is (the element of an unpacked tuple). */
const PyRaw = Node.extend('PyRaw', { fields: ['code'] });

const { lexer, nodes } = internals;
/** Tokens that can start the single, unparenthesised argument of a test (`x is divisibleby 3`). */
const TEST_ARGUMENT_STARTS = new Set([lexer.TOKEN_STRING, lexer.TOKEN_INT, lexer.TOKEN_FLOAT, lexer.TOKEN_LEFT_BRACKET, lexer.TOKEN_LEFT_CURLY, lexer.TOKEN_NONE, lexer.TOKEN_BOOLEAN, lexer.TOKEN_SYMBOL]);
const NOT_AN_ARGUMENT = new Set(['and', 'or', 'else', 'if', 'is', 'not', 'in', 'for', 'recursive']);

/** Jinja's test syntax: `x is none`, `x is not in [..]`, `x is divisibleby 3`, `x is divisibleby(3)`. */
const DbtParser = internals.parser.Parser.extend({
  /** Jinja's loop filter `{% for x in items if cond %}` (nunjucks would read `items if cond` as an inline if). */
  parseFor(this: any) {
    const node = this.parent();
    const arr = node.arr;
    if (arr && arr.typename === 'InlineIf' && (arr.else_ === null || arr.else_ === undefined)) {
      node.arr = new PyLoopFilter(arr.lineno, arr.colno, arr.body, node.name, arr.cond);
    }
    return node;
  },

  parseIs(this: any) {
    let node = this.parseCompare();
    if (!this.skipSymbol('is')) return node;
    const negated = this.skipSymbol('not');
    const nameToken = this.nextToken();
    if (!nameToken || ![lexer.TOKEN_SYMBOL, lexer.TOKEN_NONE, lexer.TOKEN_BOOLEAN].includes(nameToken.type)) {
      this.fail('expected the name of a test after "is"', nameToken?.lineno, nameToken?.colno);
    }
    const name = new nodes.Symbol(nameToken.lineno, nameToken.colno, String(nameToken.value));
    let test = name;
    const next = this.peekToken();
    if (next && next.type === lexer.TOKEN_LEFT_PAREN) {
      test = this.parsePostfix(name);
    } else if (next && TEST_ARGUMENT_STARTS.has(next.type) && !(next.type === lexer.TOKEN_SYMBOL && NOT_AN_ARGUMENT.has(next.value))) {
      const args = new nodes.NodeList(next.lineno, next.colno, [this.parsePrimary()]);
      test = new nodes.FunCall(nameToken.lineno, nameToken.colno, name, args);
    }
    node = new nodes.Is(node.lineno, node.colno, node, test);
    return negated ? new nodes.Not(node.lineno, node.colno, node) : node;
  },
});

function parse(source: string, extensions: unknown[], opts: unknown): NjNode {
  const parser = new DbtParser(lexer.lex(source, opts));
  parser.extensions = extensions;
  return parser.parseAsRoot();
}

const BaseCompiler = internals.compiler.Compiler;

const DbtCompiler = BaseCompiler.extend({
  init(this: any, name: string, throwOnUndefined: boolean, fileLiteral: string) {
    this.parent(name, throwOnUndefined);
    this.fileLiteral = fileLiteral;
  },

  assertType(this: any, node: unknown, ...types: unknown[]) {
    if (node instanceof PyTruthy || node instanceof PyBool || node instanceof PyRaw || node instanceof PyLoopFilter) return;
    this.parent(node, ...types);
  },

  /** Remembers the declared argument names for the `kwargs` variable of the macro being compiled. */
  _compileMacro(this: any, node: NjNode, frame: any) {
    const children = node.args.children as NjNode[];
    this._macroArgNames = children.flatMap((arg) => (arg.typename === 'Symbol' ? [arg.value] : (arg.children ?? []).map((pair: NjNode) => pair.key.value)));
    return this.parent(node, frame);
  },

  _emitLine(this: any, code: string) {
    this.parent(code);
    if (code === 'kwargs = kwargs || {};' && this._macroArgNames) {
      // Jinja's `kwargs`: the keyword arguments the macro does not declare.
      this.parent(`frame.set("kwargs", runtime.pyExtraKeywords(kwargs, ${JSON.stringify(this._macroArgNames)}));`);
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
  const ast = parse(source, target.extensionsList, target.opts);
  // The transformer only lifts async filters and `super()` calls of template inheritance,
  // neither of which dbt templates use; skipping it saves a fifth of the compile time.
  compiler.compile(source.includes('super') ? internals.transformer.transform(ast, target.asyncFilters, name) : ast);
  const code: string = compiler.getCode();
  const props = new Function(code)() as { root: RootRenderFunc };
  return props.root;
}
