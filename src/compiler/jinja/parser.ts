/**
 * Jinja2's expression grammar on nunjucks's Parser (a subclass: nothing global is patched).
 * Where nunjucks's grammar differs from Jinja2's, the rule is replaced here:
 * - list, tuple, dict literals and call arguments accept a trailing comma; `(1,)` and `()` are tuples;
 * - a dict key is any expression (`{k | lower: v}`, `{col.column: col}`; a name is its value);
 * - calls forward `*args` and `**kwargs`; arithmetic operators have Jinja2's precedence;
 * - subscripts take Python slices (`s[::-1]`, `xs[1:]`) and `x.0` looks up an item;
 * - float literals keep their type (`3.0` stays a float), adjacent strings join (`'a' 'b'`);
 * - `in`/`not in` are comparisons that chain, and `is` tests bind like filters (Jinja2's precedence);
 * - `x is test` takes Jinja's test syntax;
 * - `{% for x in items if cond %}` filters the items (nunjucks would read an inline if);
 * - `{% with a = 1 %}…{% endwith %}` scopes names to its body; `{% break %}`/`{% continue %}` work in loops.
 * Statements are in parser-statements.ts; the new node types (py-nodes.ts) are compiled by
 * template-compiler.ts.
 */
import nunjucks from 'nunjucks';
import { PyFloat } from './python-numbers.js';
import { tokenize } from './lexer.js';
import { statementRules } from './parser-statements.js';
import { PyDoubleStarArg, PySlice, PyStarArg, PyTupleLiteral, type NjNode } from './py-nodes.js';

const internals = nunjucks as unknown as {
  parser: { Parser: any };
  lexer: { [token: string]: any };
  nodes: { [name: string]: any };
};
const { lexer, nodes } = internals;

/** Tokens that can start the single, unparenthesised argument of a test (`x is divisibleby 3`). */
const TEST_ARGUMENT_STARTS = new Set([lexer.TOKEN_STRING, lexer.TOKEN_INT, lexer.TOKEN_FLOAT, lexer.TOKEN_LEFT_BRACKET, lexer.TOKEN_LEFT_CURLY, lexer.TOKEN_NONE, lexer.TOKEN_BOOLEAN, lexer.TOKEN_SYMBOL]);
const NOT_AN_ARGUMENT = new Set(['and', 'or', 'else', 'if', 'is', 'not', 'in', 'for', 'recursive']);
const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const MATH2: Record<string, string | undefined> = { '*': 'Mul', '/': 'Div', '//': 'FloorDiv', '%': 'Mod' };
const CLOSERS: Record<string, string> = { [lexer.TOKEN_LEFT_PAREN]: lexer.TOKEN_RIGHT_PAREN, [lexer.TOKEN_LEFT_BRACKET]: lexer.TOKEN_RIGHT_BRACKET, [lexer.TOKEN_LEFT_CURLY]: lexer.TOKEN_RIGHT_CURLY };

const JinjaParser = internals.parser.Parser.extend({
  ...statementRules,

  /** `in` and `not in` are comparisons, as in Jinja2: they chain with `==`, `<`… (`a in b == c`). */
  parseIn(this: any) {
    return this.parseCompare();
  },

  parseCompare(this: any) {
    const expr = this.parseConcat();
    const ops: NjNode[] = [];
    for (;;) {
      const tok = this.peekToken();
      let op: string | null = null;
      if (tok?.type === lexer.TOKEN_OPERATOR && COMPARISONS.has(tok.value)) op = tok.value;
      else if (tok?.type === lexer.TOKEN_SYMBOL && tok.value === 'in') op = 'in';
      else if (tok?.type === lexer.TOKEN_SYMBOL && tok.value === 'not') op = 'notin';
      if (op === null) break;
      this.nextToken();
      if (op === 'notin' && !this.skipSymbol('in')) this.fail('expected "in" after "not"', tok.lineno, tok.colno);
      ops.push(new nodes.CompareOperand(tok.lineno, tok.colno, this.parseConcat(), op));
    }
    return ops.length > 0 ? new nodes.Compare(expr.lineno, expr.colno, expr, ops) : expr;
  },

  /** Filters and tests bind as tightly as each other, left to right (`x | length is odd`). */
  parseFilter(this: any, start: NjNode) {
    let node = start;
    for (;;) {
      if (this.skip(lexer.TOKEN_PIPE)) {
        const name = this.parseFilterName();
        const args = this.peekToken()?.type === lexer.TOKEN_LEFT_PAREN ? this.parseSignature().children : [];
        node = new nodes.Filter(name.lineno, name.colno, name, new nodes.NodeList(name.lineno, name.colno, [node, ...args]));
      } else if (this.peekToken()?.type === lexer.TOKEN_SYMBOL && this.peekToken().value === 'is') {
        node = this.parseTest(node);
      } else {
        return node;
      }
    }
  },

  /** Jinja's test syntax: `x is none`, `x is not in [..]`, `x is divisibleby 3`, `x is divisibleby(3)`. */
  parseTest(this: any, subject: NjNode) {
    this.nextToken();
    const negated = this.skipSymbol('not');
    const nameToken = this.nextToken();
    if (!nameToken || ![lexer.TOKEN_SYMBOL, lexer.TOKEN_NONE, lexer.TOKEN_BOOLEAN].includes(nameToken.type)) {
      this.fail('expected the name of a test after "is"', nameToken?.lineno, nameToken?.colno);
    }
    const name = new nodes.Symbol(nameToken.lineno, nameToken.colno, String(nameToken.value));
    let test = name;
    const next = this.peekToken();
    if (next && next.type === lexer.TOKEN_LEFT_PAREN) {
      test = new nodes.FunCall(nameToken.lineno, nameToken.colno, name, this.parseSignature());
    } else if (next && TEST_ARGUMENT_STARTS.has(next.type) && !(next.type === lexer.TOKEN_SYMBOL && NOT_AN_ARGUMENT.has(next.value))) {
      const args = new nodes.NodeList(next.lineno, next.colno, [this.parsePrimary()]);
      test = new nodes.FunCall(nameToken.lineno, nameToken.colno, name, args);
    }
    const node = new nodes.Is(subject.lineno, subject.colno, subject, test);
    return negated ? new nodes.Not(node.lineno, node.colno, node) : node;
  },

  /**
   * Jinja2's arithmetic precedence, lowest first: `+ -`, then `~`, then `* / // %` (one level,
   * left to right), then `**`. (nunjucks gives each of `* / // %` a level of its own, so
   * `x // 60 % 60` would be `x // (60 % 60)`.)
   */
  parseConcat(this: any) {
    let node = this.parseTilde();
    for (let tok = this.peekToken(); tok?.type === lexer.TOKEN_OPERATOR && (tok.value === '+' || tok.value === '-'); tok = this.peekToken()) {
      this.nextToken();
      const right = this.parseTilde();
      node = new (tok.value === '+' ? nodes.Add : nodes.Sub)(node.lineno, node.colno, node, right);
    }
    return node;
  },

  parseTilde(this: any) {
    let node = this.parseMath2();
    while (this.skip(lexer.TOKEN_TILDE)) node = new nodes.Concat(node.lineno, node.colno, node, this.parseMath2());
    return node;
  },

  parseMath2(this: any) {
    let node = this.parsePow();
    for (let tok = this.peekToken(); tok?.type === lexer.TOKEN_OPERATOR && MATH2[tok.value]; tok = this.peekToken()) {
      this.nextToken();
      node = new nodes[MATH2[tok.value]!](node.lineno, node.colno, node, this.parsePow());
    }
    return node;
  },

  /** `a if cond else b`, where `b` may be a conditional expression itself (nunjucks stops at one). */
  parseInlineIf(this: any) {
    const body = this.parseOr();
    if (!this.skipSymbol('if')) return body;
    const node = new nodes.InlineIf(body.lineno, body.colno);
    node.body = body;
    node.cond = this.parseOr();
    node.else_ = this.skipSymbol('else') ? this.parseInlineIf() : null;
    return node;
  },

  /** Float literals become PyFloat values when integral, so `3.0` prints as `3.0`. */
  parsePrimary(this: any, noPostfix: boolean) {
    const tok = this.peekToken();
    if (tok?.type === lexer.TOKEN_STRING) {
      // Adjacent string literals are one string, as in Python: `"a" 'b'` is `'ab'`.
      this.nextToken();
      let value = String(tok.value);
      while (this.peekToken()?.type === lexer.TOKEN_STRING) value += String(this.nextToken().value);
      const node = new nodes.Literal(tok.lineno, tok.colno, value);
      return noPostfix ? node : this.parsePostfix(node);
    }
    if (!tok || tok.type !== lexer.TOKEN_FLOAT) return this.parent(noPostfix);
    this.nextToken();
    const value = Number.parseFloat(tok.value);
    const node = new nodes.Literal(tok.lineno, tok.colno, Number.isInteger(value) ? new PyFloat(value) : value);
    return noPostfix ? node : this.parsePostfix(node);
  },

  /** Calls, subscripts (with Python slices) and attributes (`x.name`, `x.0`). */
  parsePostfix(this: any, start: NjNode) {
    let node = start;
    for (let tok = this.peekToken(); tok; tok = this.peekToken()) {
      if (tok.type === lexer.TOKEN_LEFT_PAREN) {
        node = new nodes.FunCall(tok.lineno, tok.colno, node, this.parseSignature());
      } else if (tok.type === lexer.TOKEN_LEFT_BRACKET) {
        this.nextToken();
        node = this.parseSubscript(node, tok);
      } else if (tok.type === lexer.TOKEN_OPERATOR && tok.value === '.') {
        this.nextToken();
        const val = this.nextToken();
        if (!val || (val.type !== lexer.TOKEN_SYMBOL && val.type !== lexer.TOKEN_INT && val.type !== lexer.TOKEN_NONE && val.type !== lexer.TOKEN_BOOLEAN)) {
          this.fail(`expected a name after ".", got ${val?.value}`, val?.lineno, val?.colno);
        }
        const key = val.type === lexer.TOKEN_INT ? Number.parseInt(val.value, 10) : String(val.value);
        node = new nodes.LookupVal(tok.lineno, tok.colno, node, new nodes.Literal(val.lineno, val.colno, key));
      } else {
        break;
      }
    }
    return node;
  },

  /** After `[`: an item (`x[0]`, `d['k']`) or a slice (`x[1:]`, `x[::-1]`). */
  parseSubscript(this: any, target: NjNode, open: NjNode) {
    const parts: (NjNode | null)[] = [null];
    let colons = 0;
    for (;;) {
      const tok = this.peekToken();
      if (!tok) this.fail('unexpected end of template in a subscript', open.lineno, open.colno);
      if (tok.type === lexer.TOKEN_RIGHT_BRACKET) {
        this.nextToken();
        break;
      }
      if (tok.type === lexer.TOKEN_COLON) {
        this.nextToken();
        if (++colons > 2) this.fail('a slice has at most two colons', tok.lineno, tok.colno);
        parts.push(null);
        continue;
      }
      if (parts[colons] !== null) this.fail('expected "]" or ":" in a subscript', tok.lineno, tok.colno);
      parts[colons] = this.parseExpression();
    }
    if (colons === 0) {
      if (parts[0] === null) this.fail('expected an index between "[" and "]"', open.lineno, open.colno);
      return new nodes.LookupVal(open.lineno, open.colno, target, parts[0]);
    }
    return new PySlice(open.lineno, open.colno, target, parts[0], parts[1] ?? null, parts[2] ?? null);
  },

  /** `(…)`, `[…]`, `{…}` literals, with trailing commas and expression keys. */
  parseAggregate(this: any) {
    const tok = this.nextToken();
    const closer = tok && CLOSERS[tok.type];
    if (!closer) return null;
    const children: NjNode[] = [];
    let trailingComma = false;
    for (;;) {
      const next = this.peekToken();
      if (!next) this.fail('unexpected end of template in a literal', tok.lineno, tok.colno);
      if (next.type === closer) {
        this.nextToken();
        break;
      }
      if (children.length > 0) {
        if (!this.skip(lexer.TOKEN_COMMA)) this.fail(`expected "," or the closing bracket, got ${next.value}`, next.lineno, next.colno);
        trailingComma = true;
        if (this.peekToken()?.type === closer) continue;
      }
      trailingComma = false;
      if (tok.type === lexer.TOKEN_LEFT_CURLY) {
        const key = this.parseExpression();
        if (!this.skip(lexer.TOKEN_COLON)) this.fail('expected ":" after a dict key', key.lineno, key.colno);
        children.push(new nodes.Pair(key.lineno, key.colno, key, this.parseExpression()));
      } else {
        children.push(this.parseExpression());
      }
    }
    if (tok.type === lexer.TOKEN_LEFT_CURLY) return new nodes.Dict(tok.lineno, tok.colno, children);
    if (tok.type === lexer.TOKEN_LEFT_BRACKET) return new nodes.Array(tok.lineno, tok.colno, children);
    if (children.length === 1 && !trailingComma) return new nodes.Group(tok.lineno, tok.colno, children);
    return new PyTupleLiteral(tok.lineno, tok.colno, children);
  },

  /**
   * Call arguments and macro signatures: positional, `name=value`, `*args`, `**kwargs`, with a
   * trailing comma allowed. (`tolerant`: no parenthesis is no signature; `noParens`: up to the block end.)
   */
  parseSignature(this: any, tolerant: boolean, noParens: boolean) {
    let tok = this.peekToken();
    if (!noParens && tok?.type !== lexer.TOKEN_LEFT_PAREN) {
      if (tolerant) return null;
      this.fail('expected arguments', tok?.lineno, tok?.colno);
    }
    if (tok.type === lexer.TOKEN_LEFT_PAREN) tok = this.nextToken();
    const args = new nodes.NodeList(tok.lineno, tok.colno);
    const kwargs = new nodes.KeywordArgs(tok.lineno, tok.colno);
    let first = true;
    for (;;) {
      tok = this.peekToken();
      if (!tok) this.fail('unexpected end of template in arguments');
      if (!noParens && tok.type === lexer.TOKEN_RIGHT_PAREN) {
        this.nextToken();
        break;
      }
      if (noParens && tok.type === lexer.TOKEN_BLOCK_END) break;
      if (!first) {
        if (!this.skip(lexer.TOKEN_COMMA)) this.fail(`expected "," between arguments, got ${tok.value}`, tok.lineno, tok.colno);
        const after = this.peekToken();
        if (after && ((!noParens && after.type === lexer.TOKEN_RIGHT_PAREN) || (noParens && after.type === lexer.TOKEN_BLOCK_END))) continue;
      }
      first = false;
      const star = this.peekToken();
      if (star.type === lexer.TOKEN_OPERATOR && (star.value === '*' || star.value === '**')) {
        this.nextToken();
        const value = this.parseExpression();
        if (star.value === '*') args.addChild(new PyStarArg(star.lineno, star.colno, value));
        else kwargs.addChild(new PyDoubleStarArg(star.lineno, star.colno, value));
        continue;
      }
      const arg = this.parseExpression();
      if (this.skipValue(lexer.TOKEN_OPERATOR, '=')) kwargs.addChild(new nodes.Pair(arg.lineno, arg.colno, arg, this.parseExpression()));
      else args.addChild(arg);
    }
    if (kwargs.children.length) args.addChild(kwargs);
    return args;
  },
});

/** The syntax tree of `source` (nunjucks's node types plus the Py* nodes above). */
export function parseTemplate(source: string, extensions: unknown[], opts: unknown): NjNode {
  const parser = new JinjaParser(tokenize(source, opts));
  parser.extensions = extensions;
  return parser.parseAsRoot();
}
