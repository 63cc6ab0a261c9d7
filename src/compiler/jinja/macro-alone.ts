/**
 * One macro of a lazily loaded file, compiled alone: the file's text with everything but that
 * macro blanked (lines and columns kept, so errors point where they did). A project calls a few
 * macros of a large file (a not_null test calls `should_store_failures`, one macro of the
 * 9 KB materializations.sql): compiling only those saves compiling the rest. Only for files that
 * hold nothing but macros, tests and comments at their top level (anything else there, a `set` or
 * an `import`, could be seen by the macros: such a file is compiled whole).
 */
import type { DeclaredMacro } from './macro-files.js';

const COMMENT = /\{#[\s\S]*?#\}/g;

function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

/** Where each declared macro is in `source` (they come in order), or null when the file holds anything else at its top level. */
export function macroSpans(source: string, macros: readonly DeclaredMacro[]): Map<string, { start: number; end: number }> | null {
  const spans = new Map<string, { start: number; end: number }>();
  let outside = '';
  let from = 0;
  for (const macro of macros) {
    const start = source.indexOf(macro.sql, from);
    if (start < 0) return null;
    outside += source.slice(from, start);
    from = start + macro.sql.length;
    spans.set(macro.name, { start, end: from });
  }
  outside += source.slice(from);
  return outside.replace(COMMENT, '').trim() === '' ? spans : null;
}

/** The file's text with only the macro at `span` left. */
export function aloneSource(source: string, span: { start: number; end: number }): string {
  return blank(source.slice(0, span.start)) + source.slice(span.start, span.end);
}
