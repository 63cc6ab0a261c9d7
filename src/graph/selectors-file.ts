/**
 * `selectors.yml` at the project root, read into the shape `manifest.selectors` keeps
 * (name → {name, description, default, definition}), which `--selector` evaluates.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from 'yaml';
import { DailiesError } from '../errors.js';

export const SELECTORS_FILE = 'selectors.yml';

export interface SelectorEntry {
  name: string;
  description: string;
  default: boolean;
  definition: unknown;
}

/** Reads `<projectRoot>/selectors.yml`; no file means no selectors. */
export function readSelectorsFile(projectRoot: string): Record<string, SelectorEntry> {
  const file = path.join(projectRoot, SELECTORS_FILE);
  if (!fs.existsSync(file)) return {};
  return parseSelectorsYaml(fs.readFileSync(file, 'utf8'), SELECTORS_FILE);
}

/** Parses selectors.yml text; `file` (relative to the project root) names it in errors. */
export function parseSelectorsYaml(text: string, file: string = SELECTORS_FILE): Record<string, SelectorEntry> {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const lineOf = (node: YamlNode | null | undefined): number | undefined => (node?.range ? lines.linePos(node.range[0]).line : undefined);
  const fail = (message: string, node: YamlNode | null | undefined, hint: string): never => {
    throw new DailiesError('yaml', message, { place: { file, line: lineOf(node) }, hint });
  };
  if (document.errors.length > 0) {
    const error = document.errors[0];
    throw new DailiesError('yaml', `${file} is not valid YAML: ${error.message.split('\n')[0]}`, {
      place: { file, line: error.linePos?.[0]?.line },
      hint: 'fix the YAML syntax (indentation, quotes, colons)',
    });
  }
  const root = document.contents;
  if (root === null || root === undefined) return {};
  if (!isMap(root)) return fail(`${file} must be a mapping with a \`selectors:\` list`, root, 'start the file with `selectors:`');
  const list = root.get('selectors', true) as YamlNode | undefined;
  if (list === undefined || list === null) return {};
  if (!isSeq(list)) return fail('`selectors:` must be a list', list, 'write `selectors:` followed by `- name: ...` items');

  const out: Record<string, SelectorEntry> = {};
  let defaultName: string | undefined;
  for (const item of list.items as YamlNode[]) {
    if (!isMap(item)) fail('each selector must be a mapping with `name` and `definition`', item, 'write `- name: nightly` and `definition: ...`');
    const entry = (item as YamlNode).toJSON() as Record<string, unknown>;
    const name = entry.name;
    if (typeof name !== 'string' || name === '') fail('a selector has no `name`', item, 'give every selector a `name:`');
    if (!('definition' in entry)) fail(`selector '${String(name)}' has no \`definition\``, item, 'add `definition:`, e.g. `definition: "tag:nightly"`');
    if (String(name) in out) fail(`selector '${String(name)}' is defined twice`, item, 'give each selector its own name');
    const isDefault = entry.default === true;
    if (isDefault && defaultName !== undefined) {
      fail(`selectors '${defaultName}' and '${String(name)}' are both marked default`, item, 'mark at most one selector `default: true`');
    }
    if (isDefault) defaultName = String(name);
    out[String(name)] = {
      name: String(name),
      description: typeof entry.description === 'string' ? entry.description : '',
      default: isDefault,
      definition: entry.definition,
    };
  }
  return out;
}
