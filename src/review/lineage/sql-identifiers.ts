/**
 * A small SQL tokenizer for column-level impact: which identifiers a query uses, skipping string
 * literals and comments. `col`, `"col"`, `alias.col` and `` `col` `` all count as a use of `col`.
 * It does not resolve which table a name belongs to: a use of the name anywhere counts.
 */

export interface SqlUsage {
  /** Identifiers used, lower-cased. */
  identifiers: Set<string>;
  /** True when the query selects `*` or `alias.*` (columns pass through without being named). */
  selectsStar: boolean;
}

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_$]/;

/** Index just past a quoted run starting at `start` (the opening quote), doubled quotes escaping. */
function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else if (sql[i] === '\\' && quote === "'") i += 2;
    else i++;
  }
  return sql.length;
}

export function sqlUsage(sql: string): SqlUsage {
  const identifiers = new Set<string>();
  let selectsStar = false;
  let previous = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (ch === "'") {
      i = skipQuoted(sql, i, "'");
      previous = 'literal';
    } else if (ch === '$' && sql[i + 1] === '$') {
      const end = sql.indexOf('$$', i + 2);
      i = end === -1 ? sql.length : end + 2;
      previous = 'literal';
    } else if (ch === '"' || ch === '`') {
      const end = skipQuoted(sql, i, ch);
      const name = sql.slice(i + 1, end - 1).replaceAll(ch + ch, ch);
      identifiers.add(name.toLowerCase());
      previous = 'identifier';
      i = end;
    } else if (WORD_START.test(ch)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end])) end++;
      const word = sql.slice(i, end).toLowerCase();
      identifiers.add(word);
      previous = word === 'select' || word === 'distinct' ? 'select' : 'identifier';
      i = end;
    } else if (ch === '*') {
      if (previous === 'select' || previous === ',' || previous === '.') selectsStar = true;
      previous = '*';
      i++;
    } else if (/\s/.test(ch)) {
      i++;
    } else {
      previous = ch;
      i++;
    }
  }
  return { identifiers, selectsStar };
}

/** Whether `sql` uses `column` as an identifier (case-insensitively). */
export function usesColumn(usage: SqlUsage, column: string): boolean {
  return usage.identifiers.has(column.toLowerCase());
}
