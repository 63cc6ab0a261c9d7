/**
 * The exact (and slower) YAML path: the `yaml` library with a LineCounter, values converted to
 * plain JS and lines kept for every map, list, key and list item. `parseYaml` uses it for files
 * the fast path does not handle, and to report malformed YAML.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { DailiesError, type ErrorKind, type SourcePlace } from '../errors.js';
import type { LocatedYaml } from './yaml-source.js';

type Tag = { tag?: string; format?: string; identify?: (value: unknown) => boolean; test?: RegExp };

/** PyYAML's booleans: unlike YAML 1.1 proper, `y`/`n` stay text (think `accepted_values: [Y, N]`). */
const PYYAML_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PYYAML_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;

/**
 * PyYAML's floats: a digit before the dot (or digits right after a leading one), an exponent only
 * after a dot and with its sign. YAML 1.1 proper also reads `.`, `+.5` and `1e3` as numbers.
 */
const PYYAML_FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

export function dbtLikeTags(tags: unknown[]): unknown[] {
  return tags
    .filter((entry) => {
      const tag = entry as Tag;
      return !(tag.tag ?? '').endsWith(':timestamp') && tag.format !== 'TIME';
    })
    .map((entry) => {
      const tag = entry as Tag;
      if (!tag.test) return entry;
      if ((tag.tag ?? '').endsWith(':bool')) return { ...tag, test: tag.identify?.(true) ? PYYAML_TRUE : PYYAML_FALSE };
      // each float form YAML 1.1 has, only where PyYAML reads a float too
      if ((tag.tag ?? '').endsWith(':float')) return { ...tag, test: new RegExp(`(?=${PYYAML_FLOAT.source})${tag.test.source}`) };
      return entry;
    });
}

/**
 * Parses YAML text with the `yaml` library, keeping every node's place; malformed YAML is a
 * DailiesError of `kind` naming `file:line`. The reference path: exact, but slow on large files.
 */
export function parseYamlExact(text: string, file: string, kind: ErrorKind = 'yaml'): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    version: '1.1',
    uniqueKeys: false,
    customTags: dbtLikeTags as never,
    prettyErrors: false,
  });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = lineCounter.linePos(first.pos[0]);
    const lastLine = text.replace(/\s+$/, '').split('\n').length;
    const line = Math.min(pos.line, Math.max(lastLine, 1));
    const message = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new DailiesError(kind, `Malformed YAML: ${message}`, {
      place: line === pos.line ? { file, line, column: pos.col } : { file, line },
      hint: 'Fix the YAML syntax at this line (indentation, a missing colon, an unclosed quote or bracket).',
    });
  }
  const lines = new WeakMap<object, number>();
  const keyLines = new WeakMap<object, Map<string, number>>();
  const lineAt = (node: Node | null | undefined): number | undefined =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;

  const convert = (node: unknown, depth: number): unknown => {
    if (depth > 200) throw new DailiesError(kind, 'YAML nested too deeply (or a recursive alias)', { place: { file } });
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return convert(node.resolve(doc as Document), depth + 1);
    if (isScalar(node)) return node.value ?? null;
    if (isSeq(node)) {
      const list = node.items.map((item) => convert(item, depth + 1));
      const line = lineAt(node);
      if (line !== undefined) lines.set(list, line);
      const items = new Map<string, number>();
      node.items.forEach((item, index) => {
        const itemLine = lineAt(item as Node);
        if (itemLine !== undefined) items.set(String(index), itemLine);
      });
      keyLines.set(list, items);
      return list;
    }
    if (isMap(node)) {
      const map: Record<string, unknown> = {};
      const keys = new Map<string, number>();
      const merged: Record<string, unknown>[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const keyValue = isScalar(keyNode) ? keyNode.value : convert(keyNode, depth + 1);
        if (typeof keyValue === 'symbol' || keyValue === '<<') {
          const source = convert(pair.value, depth + 1);
          for (const item of Array.isArray(source) ? source : [source]) {
            if (item && typeof item === 'object' && !Array.isArray(item)) merged.push(item as Record<string, unknown>);
          }
          continue;
        }
        const key = String(keyValue);
        map[key] = convert(pair.value, depth + 1);
        const line = lineAt(keyNode);
        if (line !== undefined) keys.set(key, line);
      }
      for (const source of merged) {
        for (const [key, value] of Object.entries(source)) if (!(key in map)) map[key] = value;
      }
      const line = lineAt(node);
      if (line !== undefined) lines.set(map, line);
      keyLines.set(map, keys);
      return map;
    }
    return null;
  };

  const value = doc.contents === null ? undefined : convert(doc.contents, 0);
  const placeOf = (target: unknown): SourcePlace => {
    const line = target !== null && typeof target === 'object' ? lines.get(target) : undefined;
    return line === undefined ? { file } : { file, line };
  };
  const placeOfKey = (owner: unknown, key: string): SourcePlace => {
    const line = owner !== null && typeof owner === 'object' ? keyLines.get(owner)?.get(key) : undefined;
    return line === undefined ? placeOf(owner) : { file, line };
  };
  return { value, file, placeOf, placeOfKey };
}
