/**
 * Shell-style wildcards as dbt's selectors use them (Python's `fnmatch`): `*` matches any run of
 * characters (slashes and dots included), `?` one character, `[abc]` / `[!abc]` a set.
 */

const cache = new Map<string, RegExp>();

export function hasWildcard(pattern: string): boolean {
  return /[*?[\]]/.test(pattern);
}

/** True when the whole of `text` matches `pattern`. */
export function wildcardMatch(text: string, pattern: string): boolean {
  if (!hasWildcard(pattern)) return text === pattern;
  let regex = cache.get(pattern);
  if (!regex) {
    regex = new RegExp(`^${translate(pattern)}$`, 's');
    cache.set(pattern, regex);
  }
  return regex.test(text);
}

function translate(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') out += '.*';
    else if (char === '?') out += '.';
    else if (char === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else out += char.replace(/[.+^${}()|\\/\]]/g, '\\$&');
  }
  return out;
}
