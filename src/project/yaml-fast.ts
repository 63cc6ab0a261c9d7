/**
 * The fast YAML path: js-yaml (an order of magnitude faster than the `yaml` library on large
 * property files) with a parse listener that notes where every node starts, so maps, lists, keys
 * and list items keep their lines as the exact path gives them. Plain scalars resolve with the
 * very tag definitions the exact path uses (PyYAML's booleans, YAML 1.1 ints and floats; dates and
 * `1:20` stay text).
 *
 * Anything unusual returns undefined, and the caller takes the exact path: a parse error (so
 * malformed YAML is reported exactly as before), anchors, aliases, explicit tags, explicit `?`
 * keys, duplicate keys, merge keys, flow collections or quoted text spanning lines, or a node the
 * listener could not place.
 */
import jsyaml from 'js-yaml';
import { isScalar, Schema as YamlSchema } from 'yaml';
import type { SourcePlace } from '../errors.js';
import { dbtLikeTags } from './yaml-exact.js';
import type { LocatedYaml } from './yaml-source.js';

interface ScalarTag {
  tag: string;
  default?: boolean | 'key';
  test?: RegExp;
  resolve: (value: string, onError: (message: string) => void, options: object) => unknown;
}

class UnusualScalar extends Error {}

const RESOLVE_OPTIONS = { intAsBigInt: false };

function failResolve(message: string): never {
  throw new UnusualScalar(message);
}

/** js-yaml types for plain scalars, made of the exact path's tags, in the exact path's order. */
function scalarTypes(): jsyaml.Type[] {
  const tags = new YamlSchema({ schema: 'yaml-1.1', customTags: dbtLikeTags as never }).tags as unknown as ScalarTag[];
  const groups = new Map<string, ScalarTag[]>();
  for (const tag of tags) {
    if (tag.default !== true || !tag.test) continue;
    const group = groups.get(tag.tag);
    if (group) group.push(tag);
    else groups.set(tag.tag, [tag]);
  }
  const types = [...groups].map(([name, variants]) => {
    const matching = (data: string): ScalarTag | undefined => {
      for (const variant of variants) if (variant.test!.test(data)) return variant;
      return undefined;
    };
    return new jsyaml.Type(name, {
      kind: 'scalar',
      resolve: (data: unknown) => typeof data === 'string' && matching(data) !== undefined,
      construct: (data: string) => {
        const value = matching(data)!.resolve(data, failResolve, RESOLVE_OPTIONS);
        return isScalar(value) ? value.value : value;
      },
    });
  });
  // js-yaml merges a key resolved to this tag; merge keys themselves send a file to the exact path
  const merge = new jsyaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' });
  return [...types, merge];
}

let schema: jsyaml.Schema | undefined;

function pyyamlSchema(): jsyaml.Schema {
  schema ??= jsyaml.FAILSAFE_SCHEMA.extend({ implicit: scalarTypes() });
  return schema;
}

/** Where a map or list starts, and its children as `[line, value, line, value, …]` (a map's alternate key and value). */
interface Located {
  line: number;
  children: unknown[] | null;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;
const HASH = 35;

const STAR = 42; // alias
const AMPERSAND = 38; // anchor
const BANG = 33; // tag
const QUESTION = 63; // explicit key
const BRACKET = 91; // flow list
const BRACE = 123; // flow mapping
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;

/** Offset and 1-based line of the first content character at or after `offset` (which is on 0-based line `line`). */
function contentStart(input: string, offset: number, line: number): [number, number] {
  let at = offset;
  let current = line + 1;
  for (;;) {
    const char = input.charCodeAt(at);
    if (char === SPACE || char === TAB || char === CR) at++;
    else if (char === LF) {
      at++;
      current++;
    } else if (char === HASH) {
      while (at < input.length && input.charCodeAt(at) !== LF) at++;
    } else return [at, current];
  }
}

/** A node's children are what it holds: each list item, or each map entry's key and then its value. */
function childrenMatch(value: object, children: unknown[] | null): boolean {
  const list = children ?? [];
  if (Array.isArray(value)) {
    if (list.length !== 2 * value.length) return false;
    for (let i = 0; i < value.length; i++) if (!Object.is(list[2 * i + 1], value[i])) return false;
    return true;
  }
  if (list.length % 4 !== 0 || list.length / 4 !== Object.keys(value).length) return false;
  for (let i = 1; i < list.length; i += 4) {
    const key = String(list[i]);
    if (key === '<<' || key === '__proto__' || !Object.prototype.hasOwnProperty.call(value, key)) return false;
    if (!Object.is((value as Record<string, unknown>)[key], list[i + 2])) return false;
  }
  return true;
}

/** Parses YAML text the fast way; undefined when the text needs the exact path (see above). */
export function parseYamlFast(text: string, file: string): LocatedYaml | undefined {
  const places = new WeakMap<object, Located>();
  const openOffset: number[] = [];
  const openLine: number[] = [];
  const children: (unknown[] | null)[] = [];
  let depth = -1;
  let unusual = false;

  const listener = (event: jsyaml.EventType, state: jsyaml.State): void => {
    if (event === 'open') {
      depth++;
      openOffset[depth] = state.position;
      openLine[depth] = state.line;
      children[depth] = null;
      return;
    }
    if (depth < 0) {
      unusual = true;
      return;
    }
    const input = state.input;
    const [start, line] = contentStart(input, openOffset[depth]!, openLine[depth]!);
    const first = input.charCodeAt(start);
    if (first === STAR || first === AMPERSAND || first === BANG) unusual = true;
    else if (first === QUESTION && /\s/.test(input.charAt(start + 1))) unusual = true;
    // js-yaml is laxer than the exact path about the indentation of continuation lines of flow
    // collections and quoted text: those spanning lines are left to the exact path
    // (and so is `[a]#comment`, a comment not set apart by a space)
    else if ((first === BRACKET || first === BRACE || first === DOUBLE_QUOTE || first === SINGLE_QUOTE) && (state.line + 1 !== line || input.charCodeAt(state.position) === HASH)) {
      unusual = true;
    }
    const value: unknown = state.result;
    // a node read through another (a flow collection tried as a mapping key) is placed once, by the inner read
    if (value !== null && typeof value === 'object' && !places.has(value)) {
      const own = children[depth] ?? null;
      if (!childrenMatch(value, own)) unusual = true;
      places.set(value, { line, children: own });
    }
    depth--;
    if (depth >= 0) (children[depth] ??= []).push(line, value);
  };

  let value: unknown;
  try {
    value = jsyaml.load(text, { schema: pyyamlSchema(), listener });
  } catch {
    return undefined;
  }
  if (unusual || depth !== -1 || value === null || value === undefined) return undefined;

  const placeOf = (target: unknown): SourcePlace => {
    const located = target !== null && typeof target === 'object' ? places.get(target) : undefined;
    return located ? { file, line: located.line } : { file };
  };
  const placeOfKey = (owner: unknown, key: string): SourcePlace => {
    const located = owner !== null && typeof owner === 'object' ? places.get(owner) : undefined;
    const list = located?.children;
    if (!list) return placeOf(owner);
    if (Array.isArray(owner)) {
      const index = Number(key);
      return Number.isInteger(index) && index >= 0 && index < owner.length ? { file, line: list[2 * index] as number } : placeOf(owner);
    }
    for (let i = 0; i < list.length; i += 4) if (String(list[i + 1]) === key) return { file, line: list[i] as number };
    return placeOf(owner);
  };
  return { value, file, placeOf, placeOfKey };
}
