/**
 * Escaping for untrusted text (names, paths, branches, titles, cell values) in a GitHub comment.
 * Everything is encoded so that it can neither start Markdown or HTML (no emphasis, links, mentions,
 * tags, table cells) nor end the element it sits in (`</details>`, a table cell, a code fence).
 */

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Characters with Markdown meaning; encoded as numeric entities, which Markdown shows literally. */
const MARKDOWN_SPECIAL = new Set(['\\', '`', '*', '[', ']', '|', '~', '#', '!', '$', ':', '{', '}']);

/**
 * GitHub turns `@name` into a mention (a notification) in any text node, whatever the encoding;
 * a zero-width space after the `@` keeps it from pinging anyone.
 */
const NO_MENTION = '@\u200b';

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

/** HTML-escapes text for use inside an HTML block (`<summary>`, attribute-free tags). One line. */
export function html(value: string): string {
  return value.replace(/\r\n|[\r\n]/g, ' ').replace(/[&<>"']/g, (ch) => ENTITY[ch]).replaceAll('@', NO_MENTION);
}

/** Untrusted prose in Markdown (or inside HTML): one line, nothing in it is markup. */
export function text(value: string): string {
  const chars = [...value.replace(/\r\n|[\r\n\t]/g, ' ')];
  let out = '';
  chars.forEach((ch, i) => {
    if (ENTITY[ch]) out += ENTITY[ch];
    else if (ch === '@') out += NO_MENTION;
    else if (MARKDOWN_SPECIAL.has(ch)) out += `&#${ch.codePointAt(0)};`;
    // `_` inside a word cannot start emphasis; at a word's edge it could.
    else if (ch === '_' && !(isWordChar(chars[i - 1]) && isWordChar(chars[i + 1]))) out += '&#95;';
    else out += ch;
  });
  return out;
}

/** A name or other identifier shown as code: safe in tables, HTML blocks and running text. */
export function code(value: string): string {
  return `<code>${text(value)}</code>`;
}

/** A fenced code block whose fence is longer than any backtick run in `content`. */
export function fence(content: string, language = ''): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `${ticks}${language}\n${body}${ticks}`;
}

/** Shortens text to `max` characters with an ellipsis. */
export function clip(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** A warehouse value in a table cell. */
export function cell(value: unknown, max = 60): string {
  if (value === null || value === undefined) return '<i>null</i>';
  const shown = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text(clip(shown, max));
}
