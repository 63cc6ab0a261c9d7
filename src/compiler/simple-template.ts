/**
 * A fast path for the most common model shape: SQL whose only Jinja is `{{ ref(...) }}`,
 * `{{ source(...) }}`, `{{ config(...) }}`, `{{ var(...) }}`, `{{ env_var(...) }}`, `{{ this }}`
 * or a macro call (`{{ my_macro('a') }}`, `{{ pkg.my_macro(1) }}`), all with literal arguments,
 * `{# comments #}`, and `{% if is_incremental() %}…{% endif %}` blocks (false when parsing).
 * Such a template renders without compiling it with nunjucks (the expensive part of a cold
 * compile); macros still run in the template engine. Anything else returns undefined and the
 * caller renders it the normal way.
 */

const FUNCTIONS = new Set(['ref', 'source', 'config', 'var', 'env_var']);

type Literal = string | number | boolean | null | Literal[];

interface Call {
  /** `pkg` of `pkg.macro(...)`. */
  namespace: string | null;
  fn: string;
  positional: Literal[];
  keywords: Record<string, Literal>;
}

type Piece = { text: string } | { call: Call } | { name: 'this' };

/** Parses literal call arguments; undefined when they are not all literals. */
class ArgumentReader {
  private index = 0;
  constructor(private readonly text: string) {}

  private skip(): void {
    while (this.index < this.text.length && /\s/.test(this.text[this.index])) this.index++;
  }

  private literal(): Literal | undefined {
    this.skip();
    const rest = this.text.slice(this.index);
    const quoted = /^(['"])([^'"\\]*)\1/.exec(rest);
    if (quoted) {
      this.index += quoted[0].length;
      return quoted[2];
    }
    const number = /^-?\d+(?![.\w])/.exec(rest);
    if (number) {
      this.index += number[0].length;
      return Number(number[0]);
    }
    const word = /^(true|false|True|False|none|None)\b/.exec(rest);
    if (word) {
      this.index += word[0].length;
      return word[1] === 'none' || word[1] === 'None' ? null : word[1].toLowerCase() === 'true';
    }
    if (rest.startsWith('[')) {
      this.index++;
      const items: Literal[] = [];
      this.skip();
      if (this.text[this.index] === ']') {
        this.index++;
        return items;
      }
      while (true) {
        const item = this.literal();
        if (item === undefined) return undefined;
        items.push(item);
        this.skip();
        const next = this.text[this.index++];
        if (next === ']') return items;
        if (next !== ',') return undefined;
      }
    }
    return undefined;
  }

  read(): { positional: Literal[]; keywords: Record<string, Literal> } | undefined {
    const positional: Literal[] = [];
    const keywords: Record<string, Literal> = {};
    this.skip();
    if (this.index >= this.text.length) return { positional, keywords };
    while (true) {
      this.skip();
      const keyword = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(this.text.slice(this.index));
      if (keyword) this.index += keyword[0].length;
      const value = this.literal();
      if (value === undefined) return undefined;
      if (keyword) keywords[keyword[1]] = value;
      else if (Object.keys(keywords).length > 0) return undefined;
      else positional.push(value);
      this.skip();
      if (this.index >= this.text.length) return { positional, keywords };
      if (this.text[this.index++] !== ',') return undefined;
    }
  }
}

const EXPRESSION = /\{\{([\s\S]*?)\}\}/g;
const CALL = /^\s*(?:([A-Za-z_]\w*)\.)?([A-Za-z_]\w*)\s*\(([\s\S]*)\)\s*$/;
/** An is_incremental() block without nested tags: it renders nothing while parsing. */
const INCREMENTAL_BLOCK = /\{%\s*if\s+is_incremental\(\)\s*%\}(?:(?!\{%)[\s\S])*\{%\s*endif\s*%\}/g;

/** A macro call the template engine should make; `undefined` means "not a macro: render the normal way". */
export type MacroCaller = (namespace: string | null, name: string, positional: unknown[], keywords: Record<string, unknown>) => { value: unknown } | undefined;

/** The template split into text and simple expressions, or undefined when it needs the full engine. */
export function parseSimpleTemplate(template: string): Piece[] | undefined {
  let text = template;
  if (text.includes('{%')) {
    text = text.replace(INCREMENTAL_BLOCK, '');
    if (text.includes('{%')) return undefined;
  }
  if (text.includes('{#')) {
    if (/\{#-|-#\}/.test(text)) return undefined;
    text = text.replace(/\{#[\s\S]*?#\}/g, '');
    if (text.includes('{#')) return undefined;
  }
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(EXPRESSION)) {
    const inner = match[1];
    if (inner.startsWith('-') || inner.endsWith('-')) return undefined;
    pieces.push({ text: text.slice(last, match.index) });
    last = (match.index ?? 0) + match[0].length;
    if (inner.trim() === 'this') {
      pieces.push({ name: 'this' });
      continue;
    }
    const call = CALL.exec(inner);
    if (!call) return undefined;
    const args = new ArgumentReader(call[3]).read();
    if (!args) return undefined;
    pieces.push({ call: { namespace: call[1] ?? null, fn: call[2], ...args } });
  }
  const tail = text.slice(last);
  if (tail.includes('{{')) return undefined;
  pieces.push({ text: tail });
  return pieces;
}

/** True when the pieces call macros (they then need the node's full globals). */
export function callsMacros(pieces: Piece[]): boolean {
  return pieces.some((piece) => 'call' in piece && (piece.call.namespace !== null || !FUNCTIONS.has(piece.call.fn)));
}

/** Renders parsed pieces with the node's context functions; undefined when a value would not print as plain text. */
export function renderSimpleTemplate(pieces: Piece[], globals: Record<string, unknown>, callMacro?: MacroCaller): string | undefined {
  let output = '';
  for (const piece of pieces) {
    if ('text' in piece) {
      output += piece.text;
      continue;
    }
    let value: unknown;
    if ('name' in piece) value = globals.this;
    else if (piece.call.namespace !== null || !FUNCTIONS.has(piece.call.fn)) {
      const answer = callMacro?.(piece.call.namespace, piece.call.fn, [...piece.call.positional], { ...piece.call.keywords });
      if (!answer) return undefined;
      value = answer.value;
    } else {
      const fn = globals[piece.call.fn] as (...args: unknown[]) => unknown;
      const args: unknown[] = [...piece.call.positional];
      if (Object.keys(piece.call.keywords).length > 0) args.push({ ...piece.call.keywords, __keywords: true });
      value = fn(...args);
    }
    if (typeof value === 'string') output += value;
    else if (typeof value === 'number' && Number.isInteger(value)) output += String(value);
    else if (
      value !== null &&
      typeof value === 'object' &&
      Object.getPrototypeOf(value) !== Object.prototype &&
      typeof (value as { render?: unknown }).render === 'function'
    ) {
      output += String(value);
    } else return undefined;
  }
  return output;
}
