/**
 * Reads the macros a macro file declares — `{% macro name(args) %}…{% endmacro %}` and
 * `{% test name(args) %}…{% endtest %}` (the macro `test_<name>`) and
 * `{% materialization name, default %}` / `{% materialization name, adapter='duckdb' %}` (the
 * macro `materialization_<name>_<adapter>`, as dbt names it) — and prepares the file's source
 * for nunjucks: test and materialization blocks become macros, keeping every line where it was.
 */
import { sha256 } from '../hashes.js';
import { DailiesError } from '../../errors.js';

export interface DeclaredMacro {
  name: string;
  isTest: boolean;
  /** 1-based line of the opening tag. */
  line: number;
  /**
   * dbt's `macro_sql`: from the opening tag to the closing tag, as written, with the whitespace dbt's
   * block reader takes along (see `dbtBlockSpan`).
   */
  sql: string;
  checksum: string;
  argNames: string[];
  /** Set for a `{% materialization %}` block. */
  materialization?: MaterializationTag;
}

/** What a `{% materialization name, adapter='x', supported_languages=[…] %}` tag declares. */
export interface MaterializationTag {
  name: string;
  /** `default`, or the adapter type it is for. */
  adapter: string;
  supportedLanguages: string[];
}

export interface ParsedMacroFile {
  macros: DeclaredMacro[];
  /** The source nunjucks compiles. */
  template: string;
}

const TAG = /\{%(-?)\s*(macro|test|endmacro|endtest|materialization|endmaterialization)\b([\s\S]*?)(-?)%\}/g;

/** Comments and raw blocks with their characters turned to spaces (newlines kept), so tags inside them are not read. */
function maskInert(source: string): string {
  return source.replace(/\{#[\s\S]*?#\}|\{%-?\s*raw\s*-?%\}[\s\S]*?\{%-?\s*endraw\s*-?%\}/g, (text) => text.replace(/[^\n]/g, ' '));
}

/** `text`, followed by the newlines of `original` (a tag spread over lines keeps the lines after it in place). */
function padTo(text: string, original: string): string {
  return text + '\n'.repeat((original.match(/\n/g) ?? []).length);
}

/** `my_mat, default` / `table, adapter='duckdb', supported_languages=['sql', 'python']`. */
function parseMaterializationTag(rest: string, file: string, line: number): MaterializationTag {
  const bad = (why: string): DailiesError =>
    new DailiesError('compile', `cannot read this {% materialization %} tag: ${why}`, {
      place: { file, line },
      hint: "write {% materialization my_name, default %} or {% materialization my_name, adapter='duckdb' %}",
    });
  const head = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*,\s*/.exec(rest);
  if (!head) throw bad('it needs a name, then `default` or `adapter=...`');
  const name = head[1]!;
  let tail = rest.slice(head[0].length);
  let adapter: string;
  const isDefault = /^default\b\s*/.exec(tail);
  const adapterArg = /^adapter\s*=\s*(['"])([A-Za-z0-9_]+)\1\s*/.exec(tail);
  if (isDefault) {
    adapter = 'default';
    tail = tail.slice(isDefault[0].length);
  } else if (adapterArg) {
    adapter = adapterArg[2]!;
    tail = tail.slice(adapterArg[0].length);
  } else throw bad('after the name comes `default` or `adapter=\'<type>\'`');
  let supportedLanguages = ['sql'];
  const languages = /^,\s*supported_languages\s*=\s*\[([^\]]*)\]\s*/.exec(tail);
  if (languages) {
    supportedLanguages = [...languages[1]!.matchAll(/(['"])([^'"]*)\1/g)].map((found) => found[2]!);
    tail = tail.slice(languages[0].length);
  }
  if (tail.trim() !== '') throw bad(`unexpected \`${tail.trim()}\``);
  return { name, adapter, supportedLanguages };
}

const WHITESPACE = /\s/;

/**
 * Where dbt's block reader (dbt_common's `extract_toplevel_blocks`, on the file's text stripped of
 * leading and trailing whitespace) puts a block's `full_block`, dbt's `macro_sql`: an opening
 * `{%-` takes the whitespace before it (unless a `-%}` before that whitespace took it already), a
 * closing `-%}` the whitespace after it; recorded from dbt-core 1.11.16.
 */
export function dbtBlockSpan(source: string, start: number, dashOpen: boolean, end: number, dashClose: boolean): { start: number; end: number } {
  let from = start;
  if (dashOpen) {
    while (from > 0 && WHITESPACE.test(source[from - 1]!)) from--;
    if (from === 0 || source.endsWith('-%}', from)) from = start;
  }
  let to = end;
  if (dashClose) {
    while (to < source.length && WHITESPACE.test(source[to]!)) to++;
    if (to === source.length) to = end;
  }
  return { start: from, end: to };
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) line++;
  return line;
}

/** Top-level argument names of a signature like `(model, column_name, values, quote=True)`. */
export function parseArgNames(signature: string): string[] {
  const open = signature.indexOf('(');
  const close = signature.lastIndexOf(')');
  if (open < 0 || close < open) return [];
  const inner = signature.slice(open + 1, close);
  const names: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const char of inner) {
    if (quote) {
      if (char === quote) quote = null;
      current += char;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    if (char === ',' && depth === 0) {
      names.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') names.push(current);
  return names.map((part) => part.split('=')[0]!.trim()).filter((name) => name !== '');
}

export function parseMacroFile(source: string, file: string): ParsedMacroFile {
  const masked = maskInert(source);
  const macros: DeclaredMacro[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  let open: { kind: 'macro' | 'test' | 'materialization'; name: string; start: number; dashOpen: boolean; line: number; argNames: string[]; materialization?: MaterializationTag } | null = null;
  for (const match of masked.matchAll(TAG)) {
    const [whole, dashOpen, keyword, rest, dashClose] = match as unknown as [string, string, string, string, string];
    const start = match.index;
    const end = start + whole.length;
    if (keyword === 'macro' || keyword === 'test' || keyword === 'materialization') {
      if (open) continue; // a macro inside a macro stays local to it
      const line = lineAt(source, start);
      if (keyword === 'materialization') {
        const tag = parseMaterializationTag(rest, file, line);
        const name = `materialization_${tag.name}_${tag.adapter}`;
        open = { kind: keyword, name, start, dashOpen: dashOpen === '-', line, argNames: [], materialization: tag };
        edits.push({ start, end, text: padTo(`{%${dashOpen} macro ${name}() ${dashClose}%}`, whole) });
        continue;
      }
      const nameMatch = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
      if (!nameMatch) {
        throw new DailiesError('compile', `a {% ${keyword} %} tag needs a name`, { place: { file, line }, hint: `write {% ${keyword} my_name(arg) %}` });
      }
      const name = keyword === 'test' ? `test_${nameMatch[1]}` : nameMatch[1]!;
      open = { kind: keyword, name, start, dashOpen: dashOpen === '-', line, argNames: parseArgNames(rest) };
      if (keyword === 'test') edits.push({ start, end, text: `{%${dashOpen} macro test_${rest.trimStart()}${dashClose}%}` });
    } else if (open) {
      const closes = keyword === 'endmacro' ? 'macro' : keyword === 'endtest' ? 'test' : 'materialization';
      if (closes !== open.kind) {
        throw new DailiesError('compile', `{% ${keyword} %} closes a {% ${open.kind} %} block`, {
          place: { file, line: lineAt(source, start) },
          hint: `close {% ${open.kind} ${open.materialization?.name ?? open.name} %} with {% end${open.kind} %}`,
        });
      }
      if (keyword !== 'endmacro') edits.push({ start, end, text: padTo(`{%${dashOpen} endmacro ${dashClose}%}`, whole) });
      const span = dbtBlockSpan(source, open.start, open.dashOpen, end, dashClose === '-');
      const sql = source.slice(span.start, span.end);
      macros.push({
        name: open.name,
        isTest: open.kind === 'test',
        line: open.line,
        sql,
        checksum: sha256(sql),
        argNames: open.argNames,
        ...(open.materialization ? { materialization: open.materialization } : {}),
      });
      open = null;
    }
  }
  let template = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) template = template.slice(0, edit.start) + edit.text + template.slice(edit.end);
  return { macros, template };
}
