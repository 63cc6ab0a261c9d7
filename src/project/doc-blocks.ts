/**
 * `{% docs name %}…{% enddocs %}` blocks in Markdown files (whitespace-control `{%- … -%}`
 * variants too), each with the line its opening tag is on. Contents are trimmed, as dbt does.
 */
import { DailiesError } from '../errors.js';
import type { DocBlock } from './types.js';

const OPEN = /\{%-?\s*docs\s+([^\s%-]+)\s*-?%\}/g;
const CLOSE = /\{%-?\s*enddocs\s*-?%\}/g;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** `file` is how the file is named in places (relative to the project root). */
export function parseDocBlocks(text: string, file: string, packageName: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  OPEN.lastIndex = 0;
  for (let open = OPEN.exec(text); open; open = OPEN.exec(text)) {
    const line = lineAt(text, open.index);
    const name = open[1]!;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new DailiesError('yaml', `Invalid docs block name "${name}"`, { place: { file, line }, hint: 'Docs block names use letters, digits and underscores: `{% docs my_column %}`.' });
    }
    CLOSE.lastIndex = open.index + open[0].length;
    const close = CLOSE.exec(text);
    if (!close) {
      throw new DailiesError('yaml', `Docs block "${name}" is never closed`, { place: { file, line }, hint: 'End the block with `{% enddocs %}`.' });
    }
    const contents = text.slice(open.index + open[0].length, close.index);
    const nested = contents.search(/\{%-?\s*docs\s/);
    if (nested !== -1) {
      throw new DailiesError('yaml', `Docs block "${name}" is not closed before the next one starts`, { place: { file, line }, hint: 'End each block with `{% enddocs %}` before opening another.' });
    }
    blocks.push({ name, packageName, contents: contents.trim(), place: { file, line } });
    OPEN.lastIndex = close.index + close[0].length;
  }
  return blocks;
}
