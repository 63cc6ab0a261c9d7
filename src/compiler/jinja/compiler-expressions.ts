/**
 * How the compiler emits expressions with Python semantics (mixed into template-compiler.ts's
 * Compiler): calls of our runtime (template-runtime.ts) for truthiness (`if`, `not`, `and`, `or`,
 * inline if), value comparisons and chains, arithmetic with Python's int/float rules, `~` and
 * `%`, dict literals with expression keys, tuples, slices, floats, and calls that forward
 * `*args`/`**kwargs`.
 */
import { PyFloat } from './python-numbers.js';
import { PyBool, PyDoubleStarArg, PyStarArg, PyTruthy, type NjNode } from './py-nodes.js';

const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>=', 'in', 'notin']);

export const expressionRules = {
  /** Integral float literals are PyFloats (`3.0` prints `3.0`). */
  compileLiteral(this: any, node: NjNode) {
    if (node.value instanceof PyFloat) this._emit(`new runtime.PyFloat(${node.value.value})`);
    else this.parent(node);
  },

  /**
   * Dict literals: a key is an expression (a name is its value). All keys literal strings: a
   * JavaScript object literal; otherwise the runtime builds the dict, keeping keys that are not
   * strings as Python has them (python-dicts.ts).
   */
  compileDict(this: any, node: NjNode, frame: any) {
    if (node.typename !== 'Dict') return this.parent(node, frame);
    const pairs = node.children as NjNode[];
    const plain = pairs.every((pair) => pair.key.typename === 'Literal' && typeof pair.key.value === 'string' && !/^(0|[1-9]\d*)$/.test(pair.key.value));
    this._emit(plain ? '{' : 'runtime.pyDict([');
    pairs.forEach((pair, i) => {
      if (i > 0) this._emit(', ');
      if (plain) this.compile(pair.key, frame);
      else this._compileExpression(pair.key, frame);
      this._emit(plain ? ': ' : ', ');
      this._compileExpression(pair.value, frame);
    });
    this._emit(plain ? '}' : '])');
  },

  /**
   * `a.b.c`: one runtime call for the whole path, so that a step on an undefined value can name
   * the step before it as Jinja2 does (`'a' is undefined`, `'dict object' has no attribute 'b'`).
   */
  compileLookupVal(this: any, node: NjNode, frame: any) {
    const keys: NjNode[] = [];
    let root = node;
    while (root.typename === 'LookupVal') {
      keys.unshift(root.val);
      root = root.target;
    }
    const name = root.typename === 'Symbol' ? JSON.stringify(root.value) : 'null';
    const list = keys.length > 2;
    this._emit(list ? 'runtime.pyPath(' : `runtime.pyPath${keys.length}(`);
    this._compileExpression(root, frame);
    this._emit(list ? ', [' : ', ');
    keys.forEach((key, i) => {
      if (i > 0) this._emit(', ');
      this._compileExpression(key, frame);
    });
    this._emit(list ? `], ${name})` : `, ${name})`);
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
};
