/**
 * The calls in a macro's text, read as dbt-core's `statically_extract_macro_calls` reads them
 * (dbt/clients/jinja_static.py): every call of a bare name (`foo(…)`) or of a name's attribute
 * (`dbt.concat(…)`, `dbt_utils.star(…)`, even `col.replace(…)`), wherever it stands in the text,
 * whether or not that code runs; a literal `adapter.dispatch('name', 'namespace')`; not filters,
 * tests, other `adapter.` methods, longer chains (`modules.re.compile(…)`) or calls of a call's
 * result. `macroDependencies` turns them into dbt's `depends_on.macros` of a macro.
 *
 * This scans the Jinja tokens instead of parsing the template: parsing every macro of the five
 * common packages and the built-ins costs ≈ 60 ms a parse, scanning them a few.
 */

/** A call found in the text: a name (`foo`, `pkg.foo`) or an `adapter.dispatch` with literal arguments. */
export type StaticCall = { kind: 'name'; name: string } | { kind: 'dispatch'; name: string; namespace: string | null };

interface Token {
  kind: 'name' | 'string' | 'other';
  text: string;
}

const SKIP_REGION = /\{#[\s\S]*?#\}|\{%[-+]?\s*raw\s*[-+]?%\}[\s\S]*?\{%[-+]?\s*endraw\s*[-+]?%\}/y;
const OPENER = /\{#|\{%|\{\{/g;
const TOKEN = /\s+|('(?:[^'\\]|\\[\s\S])*'|"(?:[^"\\]|\\[\s\S])*")|([A-Za-z_][A-Za-z0-9_]*)|([0-9][0-9_.eE]*)|(\*\*|\/\/|==|!=|<=|>=|[\s\S])/y;
/** What a region needs to hold for a call to be in it, or for its end to be further than the first closer. */
const CALL_OR_NESTING = /[('"{]/;
/** Words that are operators or constants in Jinja expressions, never a called name. */
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'true', 'false', 'none', 'True', 'False', 'None']);
/** Statements whose next word is a name being defined (or a filter), not a call. */
const NAMING_STATEMENTS = new Set(['macro', 'test', 'data_test', 'filter', 'materialization']);
/**
 * Bare names dbt leaves out: `source`, `ref`, `config`, and what its macro-resolving context
 * holds (`generate_macro_context`, dbt-core 1.11.16).
 */
const CONTEXT_NAMES = new Set([
  'source', 'ref', 'config', 'builtins', 'context', 'dbt_version', 'diff_of_two_dicts', 'env_var', 'flags', 'fromjson', 'fromyaml', 'invocation_id', 'local_md5',
  'log', 'modules', 'print', 'project_name', 'return', 'set', 'set_strict', 'target', 'thread_id', 'tojson', 'toyaml', 'var', 'zip', 'zip_strict',
]);

interface Region {
  /** `{% … %}`: its first word is the statement's. */
  block: boolean;
  tokens: Token[];
}

/** The code tokens of each `{{ … }}` and `{% … %}` of `text`, comments and raw blocks left out. */
function codeRegions(text: string): Region[] {
  const regions: Region[] = [];
  OPENER.lastIndex = 0;
  for (let found = OPENER.exec(text); found; found = OPENER.exec(text)) {
    SKIP_REGION.lastIndex = found.index;
    const skipped = SKIP_REGION.exec(text);
    if (skipped) {
      OPENER.lastIndex = found.index + skipped[0].length;
      continue;
    }
    if (found[0] === '{#') continue; // an unclosed comment
    const block = found[0] === '{%';
    // most tags and expressions (`{% endif %}`, `{{ column }}`) call nothing: no need to read their tokens
    const plainEnd = text.indexOf(block ? '%}' : '}}', found.index + 2);
    if (plainEnd >= 0 && !CALL_OR_NESTING.test(text.slice(found.index + 2, plainEnd))) {
      OPENER.lastIndex = plainEnd + 2;
      continue;
    }
    const tokens: Token[] = [];
    let depth = 0;
    let at = found.index + 2;
    if (text[at] === '-' || text[at] === '+') at++;
    TOKEN.lastIndex = at;
    for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
      at = TOKEN.lastIndex;
      if (match[1] !== undefined) tokens.push({ kind: 'string', text: match[1] });
      else if (match[2] !== undefined) tokens.push({ kind: 'name', text: match[2] });
      else if (match[3] !== undefined) tokens.push({ kind: 'other', text: match[3] });
      else if (match[4] !== undefined) {
        const char = match[4];
        if (depth === 0 && text[at] === '}' && ((block && char === '%') || (!block && char === '}'))) {
          at++;
          break;
        }
        if (char === '(' || char === '[' || char === '{') depth++;
        else if ((char === ')' || char === ']' || char === '}') && depth > 0) depth--;
        tokens.push({ kind: 'other', text: char });
      }
    }
    regions.push({ block, tokens });
    OPENER.lastIndex = at;
  }
  return regions;
}

/** A string literal's value (adjacent literals joined, as Jinja does), or null when `tokens` is not only literals. */
function literal(tokens: Token[]): string | null {
  if (tokens.length === 0 || tokens.some((token) => token.kind !== 'string')) return null;
  return tokens.map((token) => token.text.slice(1, -1).replace(/\\([\s\S])/g, '$1')).join('');
}

/** The arguments of the call whose `(` is at `open`: positional ones, and keyword ones by name. */
function callArguments(tokens: Token[], open: number): { positional: Token[][]; keywords: Map<string, Token[]> } {
  const positional: Token[][] = [];
  const keywords = new Map<string, Token[]>();
  let depth = 0;
  let current: Token[] = [];
  const finish = (): void => {
    if (current.length === 0) return;
    if (current.length > 1 && current[0]!.kind === 'name' && current[1]!.text === '=') keywords.set(current[0]!.text, current.slice(2));
    else positional.push(current);
    current = [];
  };
  for (let i = open + 1; i < tokens.length; i++) {
    const text = tokens[i]!.kind === 'other' ? tokens[i]!.text : '';
    if (depth === 0 && (text === ')' || text === ',')) {
      finish();
      if (text === ')') break;
      continue;
    }
    if (text === '(' || text === '[' || text === '{') depth++;
    else if (text === ')' || text === ']' || text === '}') depth--;
    current.push(tokens[i]!);
  }
  return { positional, keywords };
}

/** What `adapter.dispatch(…)` at `open` names; null when its name is not a literal (dbt cannot read it either). */
function dispatchCall(tokens: Token[], open: number): StaticCall | null {
  const { positional, keywords } = callArguments(tokens, open);
  let name = positional[0] ? literal(positional[0]) : null;
  const keywordName = keywords.get('macro_name');
  if (keywordName) name = literal(keywordName) ?? name;
  if (name === null) return null;
  // a list as the second argument is the retired `packages` argument: dbt ignores it
  let namespace = positional[1] ? literal(positional[1]) : null;
  const keywordNamespace = keywords.get('macro_namespace');
  if (keywordNamespace) namespace = literal(keywordNamespace) ?? namespace;
  return { kind: 'dispatch', name, namespace };
}

/** The calls in `text`, in order of appearance, each name once (dispatches each time). */
export function staticMacroCalls(text: string): StaticCall[] {
  const calls: StaticCall[] = [];
  const names = new Set<string>();
  for (const { block, tokens } of codeRegions(text)) {
    for (let i = block ? 1 : 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.kind !== 'name' || KEYWORDS.has(token.text)) continue;
      const before = tokens[i - 1];
      // an attribute, a filter, a test (`x is divisibleby(3)`), or the name a statement defines
      if (before?.kind === 'other' && (before.text === '.' || before.text === '|')) continue;
      if (before?.kind === 'name' && (before.text === 'is' || (before.text === 'not' && tokens[i - 2]?.text === 'is'))) continue;
      if (block && i === 1 && NAMING_STATEMENTS.has(before!.text)) continue;
      const next = tokens[i + 1];
      let name: string;
      let open: number;
      if (next?.text === '(' && next.kind === 'other') {
        name = token.text;
        open = i + 1;
      } else if (next?.text === '.' && tokens[i + 2]?.kind === 'name' && tokens[i + 3]?.text === '(' && tokens[i + 3]?.kind === 'other') {
        name = `${token.text}.${tokens[i + 2]!.text}`;
        open = i + 3;
      } else continue;
      if (token.text === 'adapter') {
        if (name !== 'adapter.dispatch') continue;
        const dispatch = dispatchCall(tokens, open);
        if (dispatch) calls.push(dispatch);
        continue;
      }
      if (names.has(name) || CONTEXT_NAMES.has(name)) continue;
      names.add(name);
      calls.push({ kind: 'name', name });
    }
  }
  return calls;
}
