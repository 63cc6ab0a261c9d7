/**
 * Small text helpers for error places and suggestions: the line of a `ref(` call in raw code,
 * the closest known name, line numbers of offsets.
 */

export function lineAt(text: string, offset: number, firstLine = 1): number {
  let line = firstLine;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The line of the first `fn('name'` / `fn("pkg", "name"` call in `text`, else the first line mentioning `name`, else `firstLine`. */
export function lineOfCall(text: string, fn: string, name: string, firstLine = 1): number {
  const found = findCallLine(text, fn, name, firstLine);
  if (found !== undefined) return found;
  const loose = text.indexOf(name);
  return loose >= 0 ? lineAt(text, loose, firstLine) : firstLine;
}

/** The line of the first `fn('name'` call in `text`; undefined when there is none. */
export function findCallLine(text: string, fn: string, name: string, firstLine = 1): number | undefined {
  const quoted = `['"]${escapeRegExp(name)}['"]`;
  const pattern = new RegExp(`\\b${fn}\\s*\\(\\s*(?:['"][^'"]*['"]\\s*,\\s*)?${quoted}`);
  const match = pattern.exec(text);
  return match ? lineAt(text, match.index, firstLine) : undefined;
}

function distance(a: string, b: string): number {
  const previous = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** The candidate closest to `name` when it is plausibly a typo of it. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > bestScore) continue;
    const score = distance(name.toLowerCase(), candidate.toLowerCase());
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best === undefined) return undefined;
  return bestScore <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Raw code without `--`, `/* *\/` and `{# #}` comments, whitespace runs folded to one space. */
export function normalizeRaw(raw: string): string {
  // each pass only when its marker is there: most templates have no comments of one kind or another
  let text = raw;
  if (text.includes('{#')) text = text.replace(/\{#[\s\S]*?#\}/g, ' ');
  if (text.includes('/*')) text = text.replace(/\/\*[\s\S]*?\*\//g, ' ');
  if (text.includes('--')) text = text.replace(/--[^\n]*/g, ' ');
  return text.replace(/\s+/g, ' ').trim();
}
