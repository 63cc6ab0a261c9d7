/**
 * A fast path for the commonest model shape: SQL text with `{{ expression }}`s and comments only,
 * where each expression is a name, attribute/item access, a call (positional and keyword
 * arguments) or a literal (`{{ config(materialized='view') }}`, `{{ ref('x') }}`,
 * `{{ source('raw', 'movies') }}`, `{{ this }}`, `{{ target.schema }}`).
 * Such templates are read and evaluated directly with the same runtime as compiled ones,
 * skipping nunjucks's parser, code generator and `new Function` (most of a render's cost).
 * Anything else — a `{% %}` tag, a filter, an operator — returns null: nunjucks compiles it.
 */
import { templateRuntime } from './template-runtime.js';

type Expr =
  | { kind: 'literal'; value: unknown }
  | { kind: 'name'; name: string }
  | { kind: 'member'; target: Expr; key: Expr }
  | { kind: 'call'; callee: Expr; args: Expr[]; keywords: [string, Expr][] }
  | { kind: 'list'; items: Expr[] }
  | { kind: 'dict'; entries: [Expr, Expr][] };

/** Static text, or an expression to print with the 0-based line it starts on. */
export type SimplePart = string | { expr: Expr; lineno: number };

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
/** Integers only: floats (`3.0`, `1e3`) and `1_000` are read by the full parser. */
const NUMBER = /[0-9]+(?![0-9._eE])/y;
const SPACE = /\s*/y;
const KEYWORD_LITERALS: Record<string, unknown> = { true: true, false: false, none: null, True: true, False: false, None: null };

class ExpressionReader {
  pos: number;
  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.pos = start;
  }

  private skipSpace(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.text);
    this.pos = SPACE.lastIndex;
  }

  private take(char: string): boolean {
    this.skipSpace();
    if (this.text[this.pos] !== char) return false;
    this.pos++;
    return true;
  }

  private match(regex: RegExp): string | null {
    this.skipSpace();
    regex.lastIndex = this.pos;
    const found = regex.exec(this.text);
    if (!found) return null;
    this.pos = regex.lastIndex;
    return found[0];
  }

  private string(): string | null {
    this.skipSpace();
    const quote = this.text[this.pos];
    if (quote !== '"' && quote !== "'") return null;
    let value = '';
    for (let i = this.pos + 1; i < this.text.length; i++) {
      const char = this.text[i]!;
      if (char === quote) {
        this.pos = i + 1;
        return value;
      }
      // Escapes follow Python's rules (lexer.ts): leave such strings to the full parser.
      if (char === '\\') return null;
      value += char;
    }
    return null;
  }

  /** One expression, or null if it uses anything beyond the simple subset. */
  expression(): Expr | null {
    let expr = this.primary();
    while (expr) {
      this.skipSpace();
      const char = this.text[this.pos];
      if (char === '.') {
        this.pos++;
        const key = this.match(NAME);
        if (key === null) return null;
        expr = { kind: 'member', target: expr, key: { kind: 'literal', value: key } };
      } else if (char === '[') {
        this.pos++;
        const key = this.expression();
        if (!key || !this.take(']')) return null;
        expr = { kind: 'member', target: expr, key };
      } else if (char === '(') {
        this.pos++;
        expr = this.callArguments(expr);
      } else break;
    }
    return expr;
  }

  private callArguments(callee: Expr): Expr | null {
    const args: Expr[] = [];
    const keywords: [string, Expr][] = [];
    if (this.take(')')) return { kind: 'call', callee, args, keywords };
    while (true) {
      const save = this.pos;
      const name = this.match(NAME);
      if (name !== null && this.take('=') && this.text[this.pos] !== '=') {
        const value = this.expression();
        if (!value) return null;
        keywords.push([name, value]);
      } else {
        this.pos = save;
        if (keywords.length > 0) return null;
        const value = this.expression();
        if (!value) return null;
        args.push(value);
      }
      if (this.take(')')) return { kind: 'call', callee, args, keywords };
      if (!this.take(',')) return null;
    }
  }

  private primary(): Expr | null {
    this.skipSpace();
    const char = this.text[this.pos];
    if (char === '"' || char === "'") {
      const value = this.string();
      return value === null ? null : { kind: 'literal', value };
    }
    if (char === '[') {
      this.pos++;
      const items: Expr[] = [];
      if (this.take(']')) return { kind: 'list', items };
      do {
        const item = this.expression();
        if (!item) return null;
        items.push(item);
      } while (this.take(','));
      return this.take(']') ? { kind: 'list', items } : null;
    }
    if (char === '{') {
      this.pos++;
      const entries: [Expr, Expr][] = [];
      if (this.take('}')) return { kind: 'dict', entries };
      do {
        const key = this.expression();
        if (!key || !this.take(':')) return null;
        const value = this.expression();
        if (!value) return null;
        entries.push([key, value]);
      } while (this.take(','));
      return this.take('}') ? { kind: 'dict', entries } : null;
    }
    const number = this.match(NUMBER);
    if (number !== null) return { kind: 'literal', value: Number(number) };
    const name = this.match(NAME);
    if (name === null) return null;
    if (Object.prototype.hasOwnProperty.call(KEYWORD_LITERALS, name) && name === name.toLowerCase()) return { kind: 'literal', value: KEYWORD_LITERALS[name] };
    return { kind: 'name', name };
  }
}

function lineOf(text: string, offset: number, from: { offset: number; line: number }): number {
  let line = from.line;
  for (let i = text.indexOf('\n', from.offset); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  from.offset = offset;
  from.line = line;
  return line;
}

/** Splits `source` into text and simple expressions, or null when nunjucks is needed. */
export function parseSimpleTemplate(source: string): SimplePart[] | null {
  const parts: SimplePart[] = [];
  const cursor = { offset: 0, line: 0 };
  let text = '';
  let trimNext = false;
  let pos = 0;
  while (pos < source.length) {
    const open = source.indexOf('{', pos);
    const next = open === -1 ? -1 : source[open + 1];
    if (open === -1 || (next !== '{' && next !== '#' && next !== '%')) {
      const end = open === -1 ? source.length : open + 1;
      text += trimNext ? source.slice(pos, end).trimStart() : source.slice(pos, end);
      if (source.slice(pos, end).trim() !== '') trimNext = false;
      pos = end;
      continue;
    }
    if (next === '%') return null;
    text += trimNext ? source.slice(pos, open).trimStart() : source.slice(pos, open);
    trimNext = false;
    if (source[open + 2] === '-') text = text.trimEnd();
    if (next === '#') {
      const close = source.indexOf('#}', open + 2);
      if (close === -1) return null;
      trimNext = source[close - 1] === '-';
      pos = close + 2;
      continue;
    }
    const reader = new ExpressionReader(source, source[open + 2] === '-' ? open + 3 : open + 2);
    const expr = reader.expression();
    if (!expr) return null;
    const rest = /\s*(-?)\}\}/y;
    rest.lastIndex = reader.pos;
    const end = rest.exec(source);
    if (!end) return null;
    if (text !== '') parts.push(text);
    text = '';
    parts.push({ expr, lineno: lineOf(source, open, cursor) });
    trimNext = end[1] === '-';
    pos = rest.lastIndex;
  }
  if (text !== '') parts.push(text);
  return parts;
}

interface Scope {
  lookup(name: string): unknown;
}

const runtime = templateRuntime as unknown as {
  pyPath(root: unknown, keys: unknown[], name: string | null): unknown;
  callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown;
  suppressValue(value: unknown): string;
  handleError(error: unknown, lineno: number): unknown;
  makeKeywordArgs(obj: Record<string, unknown>): Record<string, unknown>;
  pyDict(pairs: unknown[]): Record<string, unknown>;
};

function nodeName(expr: Expr): string {
  switch (expr.kind) {
    case 'name':
      return expr.name;
    case 'member':
      return `${nodeName(expr.target)}["${expr.key.kind === 'literal' ? String(expr.key.value) : '--expression--'}"]`;
    case 'call':
      return `the return value of (${nodeName(expr.callee)})`;
    default:
      return '--expression--';
  }
}

function evaluate(expr: Expr, scope: Scope): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'name':
      return scope.lookup(expr.name);
    case 'member': {
      // `a.b.c` as one path, as the compiled templates read it (an undefined step is Jinja2's error).
      const keys: unknown[] = [];
      let root: Expr = expr;
      while (root.kind === 'member') {
        keys.unshift(evaluate(root.key, scope));
        root = root.target;
      }
      return runtime.pyPath(evaluate(root, scope), keys, root.kind === 'name' ? root.name : null);
    }
    case 'list':
      return expr.items.map((item) => evaluate(item, scope));
    case 'dict':
      // As in Jinja, a key is an expression: a bare name is its value.
      return runtime.pyDict(expr.entries.flatMap(([key, value]) => [evaluate(key, scope), evaluate(value, scope)]));
    case 'call': {
      const args = expr.args.map((arg) => evaluate(arg, scope));
      if (expr.keywords.length > 0) args.push(runtime.makeKeywordArgs(Object.fromEntries(expr.keywords.map(([name, value]) => [name, evaluate(value, scope)]))));
      return runtime.callWrap(evaluate(expr.callee, scope), nodeName(expr.callee), scope, args);
    }
  }
}

/** Renders parsed parts; errors are marked with their line as compiled templates' are. */
export function renderSimpleTemplate(parts: SimplePart[], scope: Scope): string {
  let output = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      output += part;
      continue;
    }
    try {
      output += runtime.suppressValue(evaluate(part.expr, scope));
    } catch (error) {
      throw runtime.handleError(error, part.lineno);
    }
  }
  return output;
}
