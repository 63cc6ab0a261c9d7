/**
 * Reads the macros a macro file declares — `{% macro name(args) %}…{% endmacro %}` and
 * `{% test name(args) %}…{% endtest %}` (the macro `test_<name>`) — and prepares the file's
 * source for nunjucks: test blocks become macros and `{% materialization %}` blocks (which
 * dailies implements natively) are blanked, keeping every line where it was.
 */
import { sha256 } from '../hashes.js';
import { DailiesError } from '../../errors.js';

export interface DeclaredMacro {
  name: string;
  isTest: boolean;
  /** 1-based line of the opening tag. */
  line: number;
  /** From the opening tag to the closing tag, as written. */
  sql: string;
  checksum: string;
  argNames: string[];
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

function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
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
  let open: { kind: 'macro' | 'test'; name: string; start: number; line: number; argNames: string[] } | null = null;
  let materializationStart = -1;
  for (const match of masked.matchAll(TAG)) {
    const [whole, dashOpen, keyword, rest, dashClose] = match as unknown as [string, string, string, string, string];
    const start = match.index;
    const end = start + whole.length;
    if (materializationStart >= 0) {
      if (keyword === 'endmaterialization') {
        edits.push({ start: materializationStart, end, text: blank(source.slice(materializationStart, end)) });
        materializationStart = -1;
      }
      continue;
    }
    if (keyword === 'materialization') {
      materializationStart = start;
    } else if (keyword === 'macro' || keyword === 'test') {
      if (open) continue; // a macro inside a macro stays local to it
      const nameMatch = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
      if (!nameMatch) {
        throw new DailiesError('compile', `a {% ${keyword} %} tag needs a name`, { place: { file, line: lineAt(source, start) }, hint: `write {% ${keyword} my_name(arg) %}` });
      }
      const name = keyword === 'test' ? `test_${nameMatch[1]}` : nameMatch[1]!;
      open = { kind: keyword, name, start, line: lineAt(source, start), argNames: parseArgNames(rest) };
      if (keyword === 'test') edits.push({ start, end, text: `{%${dashOpen} macro test_${rest.trimStart()}${dashClose}%}` });
    } else if (open && (keyword === 'endmacro' || keyword === 'endtest')) {
      if ((keyword === 'endtest') !== (open.kind === 'test')) {
        throw new DailiesError('compile', `{% ${keyword} %} closes a {% ${open.kind} %} block`, {
          place: { file, line: lineAt(source, start) },
          hint: `close {% ${open.kind} ${open.name} %} with {% end${open.kind} %}`,
        });
      }
      if (keyword === 'endtest') edits.push({ start, end, text: `{%${dashOpen} endmacro ${dashClose}%}` });
      const sql = source.slice(open.start, end);
      macros.push({
        name: open.name,
        isTest: open.kind === 'test',
        line: open.line,
        sql,
        checksum: sha256(sql),
        argNames: open.argNames,
      });
      open = null;
    }
  }
  let template = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) template = template.slice(0, edit.start) + edit.text + template.slice(edit.end);
  return { macros, template };
}
