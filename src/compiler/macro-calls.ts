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

/** The tokens of one `{{ … }}` or `{% … %}`, in two arrays reused from region to region (a parse reads ~1,000 macros). */
const NAME = 1;
const STRING = 2;
const OTHER = 3;
const kinds: number[] = [];
const texts: string[] = [];

const SKIP_REGION = /\{#[\s\S]*?#\}|\{%[-+]?\s*raw\s*[-+]?%\}[\s\S]*?\{%[-+]?\s*endraw\s*[-+]?%\}/y;
const OPENER = /\{#|\{%|\{\{/g;
const TOKEN = /\s*(?:('(?:[^'\\]|\\[\s\S])*'|"(?:[^"\\]|\\[\s\S])*")|([A-Za-z_][A-Za-z0-9_]*)|([0-9][0-9_.eE]*)|(\*\*|\/\/|==|!=|<=|>=|[\s\S]))/y;
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

/** Whether `text` between `from` and `to` holds `(`, a quote or `{`: what a call, or a closer inside a literal, needs. */
function mayCall(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 40 || code === 39 || code === 34 || code === 123) return true;
  }
  return false;
}

/**
 * Calls `visit(block)` for each `{{ … }}` and `{% … %}` of `text` that may hold a call, with its
 * tokens in `kinds`/`texts`; comments and raw blocks left out.
 */
function eachRegion(text: string, visit: (block: boolean) => void): void {
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
    let at = found.index + 2;
    // most tags and expressions (`{% endif %}`, `{{ column }}`) call nothing: no need to read their tokens
    const plainEnd = text.indexOf(block ? '%}' : '}}', at);
    if (plainEnd >= 0 && !mayCall(text, at, plainEnd)) {
      OPENER.lastIndex = plainEnd + 2;
      continue;
    }
    kinds.length = 0;
    texts.length = 0;
    let depth = 0;
    if (text[at] === '-' || text[at] === '+') at++;
    TOKEN.lastIndex = at;
    for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
      at = TOKEN.lastIndex;
      if (match[1] !== undefined) {
        kinds.push(STRING);
        texts.push(match[1]);
      } else if (match[2] !== undefined) {
        kinds.push(NAME);
        texts.push(match[2]);
      } else if (match[3] !== undefined) {
        kinds.push(OTHER);
        texts.push(match[3]);
      } else if (match[4] !== undefined) {
        const char = match[4];
        if (depth === 0 && text.charCodeAt(at) === 125 && ((block && char === '%') || (!block && char === '}'))) {
          at++;
          break;
        }
        if (char === '(' || char === '[' || char === '{') depth++;
        else if ((char === ')' || char === ']' || char === '}') && depth > 0) depth--;
        kinds.push(OTHER);
        texts.push(char);
      }
    }
    visit(block);
    OPENER.lastIndex = at;
  }
}

/** The value of the string literals from `from` to `to` (adjacent literals joined, as Jinja does), or null when that is not only literals. */
function literal(from: number, to: number): string | null {
  if (from >= to) return null;
  let value = '';
  for (let i = from; i < to; i++) {
    if (kinds[i] !== STRING) return null;
    value += texts[i]!.slice(1, -1).replace(/\\([\s\S])/g, '$1');
  }
  return value;
}

/** What `adapter.dispatch(…)` with its `(` at `open` names; null when its name is not a literal (dbt cannot read it either). */
function dispatchCall(open: number): StaticCall | null {
  // the arguments: [from, to) token ranges, positional ones, and keyword ones by name
  const positional: [number, number][] = [];
  const keywords = new Map<string, [number, number]>();
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < kinds.length; i++) {
    const token = kinds[i] === OTHER ? texts[i]! : '';
    if (depth === 0 && (token === ')' || token === ',')) {
      if (i > start) {
        if (i - start > 1 && kinds[start] === NAME && texts[start + 1] === '=' && kinds[start + 1] === OTHER) keywords.set(texts[start]!, [start + 2, i]);
        else positional.push([start, i]);
      }
      if (token === ')') break;
      start = i + 1;
      continue;
    }
    if (token === '(' || token === '[' || token === '{') depth++;
    else if (token === ')' || token === ']' || token === '}') depth--;
  }
  const read = (range: [number, number] | undefined): string | null => (range ? literal(range[0], range[1]) : null);
  const name = read(keywords.get('macro_name')) ?? read(positional[0]);
  if (name === null) return null;
  // a list as the second argument is the retired `packages` argument: dbt ignores it
  const namespace = read(keywords.get('macro_namespace')) ?? read(positional[1]);
  return { kind: 'dispatch', name, namespace };
}

/** The calls in `text`, in order of appearance, each name once (dispatches each time). */
export function staticMacroCalls(text: string): StaticCall[] {
  const calls: StaticCall[] = [];
  const names = new Set<string>();
  eachRegion(text, (block) => {
    for (let i = block ? 1 : 0; i < kinds.length; i++) {
      if (kinds[i] !== NAME) continue;
      const word = texts[i]!;
      if (KEYWORDS.has(word)) continue;
      // an attribute, a filter, a test (`x is divisibleby(3)`), or the name a statement defines
      if (i > 0) {
        const before = texts[i - 1]!;
        if (kinds[i - 1] === OTHER && (before === '.' || before === '|')) continue;
        if (kinds[i - 1] === NAME && (before === 'is' || (before === 'not' && texts[i - 2] === 'is'))) continue;
        if (block && i === 1 && NAMING_STATEMENTS.has(before)) continue;
      }
      let name: string;
      let open: number;
      if (kinds[i + 1] === OTHER && texts[i + 1] === '(') {
        name = word;
        open = i + 1;
      } else if (kinds[i + 1] === OTHER && texts[i + 1] === '.' && kinds[i + 2] === NAME && kinds[i + 3] === OTHER && texts[i + 3] === '(') {
        name = `${word}.${texts[i + 2]!}`;
        open = i + 3;
      } else continue;
      if (word === 'adapter') {
        if (name !== 'adapter.dispatch') continue;
        const dispatch = dispatchCall(open);
        if (dispatch) calls.push(dispatch);
        continue;
      }
      if (names.has(name) || CONTEXT_NAMES.has(name)) continue;
      names.add(name);
      calls.push({ kind: 'name', name });
    }
  });
  return calls;
}
