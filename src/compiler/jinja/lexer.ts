/**
 * Jinja2's tokens where nunjucks's lexer reads them differently (a subclass of nunjucks's
 * Tokenizer; everything else is nunjucks's):
 * - string literals decode Python's escapes (`\n`, `\t`, `\'`, `\\`, `\xhh`, `\uhhhh`, octal),
 *   drop a backslash-newline, and keep the backslash of an unknown escape (`'\d'` is `\d`);
 * - numbers follow Python: `1e3`, `2.5e-3`, `1_000` (a float token's value has no underscores);
 * - there are no `r/…/` regex literals (Jinja has none; `r` is a name);
 * - `{%+` and `+%}` are accepted (with dbt's settings they change nothing).
 */
import nunjucks from 'nunjucks';

interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

interface TokenizerBase {
  str: string;
  index: number;
  lineno: number;
  colno: number;
  in_code: boolean;
  nextToken(): Token | null;
  current(): string;
  previous(): string;
  forward(): void;
  isFinished(): boolean;
}

type NunjucksLexer = { lex(src: string, opts: unknown): TokenizerBase; [token: string]: any };
const lexer = (nunjucks as unknown as { lexer: NunjucksLexer }).lexer;
const Tokenizer = lexer.lex('', {}).constructor as new (src: string, opts: unknown) => TokenizerBase;

const NUMBER = /[0-9](?:_?[0-9])*(\.[0-9](?:_?[0-9])*)?([eE][-+]?[0-9](?:_?[0-9])*)?/y;
const NAME_CHARS = /[A-Za-z0-9_]*/y;
const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

const OPENERS = new Set([lexer.TOKEN_LEFT_PAREN, lexer.TOKEN_LEFT_BRACKET, lexer.TOKEN_LEFT_CURLY]);
const CLOSERS = new Set([lexer.TOKEN_RIGHT_PAREN, lexer.TOKEN_RIGHT_BRACKET, lexer.TOKEN_RIGHT_CURLY]);

class JinjaTokenizer extends Tokenizer {
  /** Open brackets in the current tag: `}}` inside `{{ {'a': {'b': 1}} }}` closes dicts, not the tag. */
  private depth = 0;

  override nextToken(): Token | null {
    const token = this.readToken();
    if (token) {
      if (OPENERS.has(token.type)) this.depth++;
      else if (CLOSERS.has(token.type)) this.depth = Math.max(0, this.depth - 1);
      else if (token.type === lexer.TOKEN_BLOCK_START || token.type === lexer.TOKEN_VARIABLE_START) this.depth = 0;
    }
    return token;
  }

  private readToken(): Token | null {
    if (this.in_code && !this.isFinished()) {
      const lineno = this.lineno;
      const colno = this.colno;
      const cur = this.current();
      // `{%+` and `+%}` switch lstrip_blocks / trim_blocks off, which dbt never turns on: nothing to do.
      if (cur === '+' && (this.previous() === '%' || this.str.startsWith('%}', this.index + 1))) {
        this.forward();
        return this.readToken();
      }
      if (cur === '}' && this.depth > 0) {
        this.forward();
        return { type: lexer.TOKEN_RIGHT_CURLY, value: '}', lineno, colno };
      }
      if (cur === '"' || cur === "'") return { type: lexer.TOKEN_STRING, value: this.pythonString(cur), lineno, colno };
      if (cur >= '0' && cur <= '9' && this.previous() !== '.') {
        NUMBER.lastIndex = this.index;
        const match = NUMBER.exec(this.str)!;
        this.advance(match[0].length);
        const isFloat = match[1] !== undefined || match[2] !== undefined;
        return { type: isFloat ? lexer.TOKEN_FLOAT : lexer.TOKEN_INT, value: match[0].replaceAll('_', ''), lineno, colno };
      }
      if (cur === 'r' && this.str.charAt(this.index + 1) === '/') {
        NAME_CHARS.lastIndex = this.index + 1;
        const rest = NAME_CHARS.exec(this.str)![0];
        this.advance(1 + rest.length);
        return { type: lexer.TOKEN_SYMBOL, value: `r${rest}`, lineno, colno };
      }
    }
    return super.nextToken();
  }

  private advance(count: number): void {
    for (let i = 0; i < count; i++) this.forward();
  }

  /** A quoted string with Python's escapes (Jinja decodes literals with `unicode-escape`). */
  private pythonString(delimiter: string): string {
    this.forward();
    let text = '';
    while (!this.isFinished() && this.current() !== delimiter) {
      const char = this.current();
      this.forward();
      if (char !== '\\') {
        text += char;
        continue;
      }
      const escape = this.current();
      this.forward();
      if (escape === '\n') continue;
      if (escape === '\r') {
        if (this.current() === '\n') this.forward();
        continue;
      }
      const simple = SIMPLE_ESCAPES[escape];
      if (simple !== undefined) {
        text += simple;
      } else if (escape in HEX_LENGTH) {
        const digits = this.str.slice(this.index, this.index + HEX_LENGTH[escape]!);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== HEX_LENGTH[escape]) throw new Error(`invalid \\${escape} escape in a string literal`);
        this.advance(digits.length);
        text += String.fromCodePoint(Number.parseInt(digits, 16));
      } else if (escape >= '0' && escape <= '7') {
        let digits = escape;
        while (digits.length < 3 && this.current() >= '0' && this.current() <= '7') {
          digits += this.current();
          this.forward();
        }
        text += String.fromCharCode(Number.parseInt(digits, 8));
      } else {
        text += `\\${escape}`;
      }
    }
    this.forward();
    return text;
  }
}

/** The token stream of `source`, as Jinja2 reads it. */
export function tokenize(source: string, opts: unknown): unknown {
  return new JinjaTokenizer(source, opts);
}
