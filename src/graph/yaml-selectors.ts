/**
 * dbt's YAML selectors (`selectors.yml`, used with `--selector NAME`), as kept in
 * `manifest.selectors`: CLI-style strings, `method: value` pairs, full criteria with graph
 * keywords, `union` / `intersection` lists with an `exclude`, and `method: selector` references.
 */
import { DailiesError } from '../errors.js';
import { INDIRECT_SELECTIONS, parseCriterion, specFromArgs, type IndirectSelection, type SelectionSpec } from './selector-syntax.js';
import type { Manifest } from './types.js';

const FILE = 'selectors.yml';
const CRITERION_KEYS = new Set(['method', 'value', 'children', 'parents', 'children_depth', 'parents_depth', 'childrens_parents', 'indirect_selection', 'exclude', 'description']);

/** The selector marked `default: true`, if any. */
export function defaultSelectorName(manifest: Manifest): string | undefined {
  for (const [name, entry] of Object.entries(manifest.selectors ?? {})) {
    if (isRecord(entry) && entry.default === true) return name;
  }
  return undefined;
}

/** The spec of the named selector; a `selection` DailiesError naming the known ones if it is missing. */
export function namedSelectorSpec(manifest: Manifest, name: string, seen: string[] = []): SelectionSpec {
  const selectors = manifest.selectors ?? {};
  if (!(name in selectors)) {
    const known = Object.keys(selectors).sort();
    throw new DailiesError('selection', `No selector named '${name}'`, {
      place: { file: FILE },
      hint: known.length > 0 ? `define it in selectors.yml, or use one of: ${known.join(', ')}` : 'define it under `selectors:` in selectors.yml at the project root',
    });
  }
  if (seen.includes(name)) {
    throw problem(`selector '${name}' refers to itself through ${[...seen, name].join(' → ')}`, 'remove the circular `method: selector` reference');
  }
  const entry = selectors[name];
  const definition = isRecord(entry) && 'definition' in entry ? entry.definition : entry;
  return parseDefinition(definition, { manifest, seen: [...seen, name], where: name });
}

interface ParseContext {
  manifest: Manifest;
  seen: string[];
  where: string;
}

function parseDefinition(definition: unknown, ctx: ParseContext): SelectionSpec {
  if (typeof definition === 'string') return specFromArgs([definition], `selector '${ctx.where}'`, false);
  if (!isRecord(definition)) {
    throw problem(`selector '${ctx.where}' has a definition that is neither a string nor a mapping`, 'write `definition: "tag:nightly"` or `definition: {method: tag, value: nightly}`');
  }
  if ('union' in definition) return parseSetOperation('union', definition.union, ctx);
  if ('intersection' in definition) return parseSetOperation('intersection', definition.intersection, ctx);
  return parseCriterionMapping(definition, ctx);
}

function parseSetOperation(kind: 'union' | 'intersection', items: unknown, ctx: ParseContext): SelectionSpec {
  if (!Array.isArray(items)) throw problem(`'${kind}' in selector '${ctx.where}' must be a list`, `write \`${kind}:\` followed by \`- ...\` items`);
  const parts: SelectionSpec[] = [];
  let exclude: SelectionSpec | undefined;
  for (const item of items) {
    if (isRecord(item) && 'exclude' in item && Object.keys(item).length === 1) {
      if (exclude) throw problem(`selector '${ctx.where}' has more than one exclude in a ${kind}`, 'list everything to exclude under one `exclude:`');
      exclude = parseExclusions(item.exclude, ctx);
    } else parts.push(parseDefinition(item, ctx));
  }
  const combined: SelectionSpec = { kind, parts };
  return exclude ? { kind: 'difference', include: combined, exclude } : combined;
}

function parseExclusions(items: unknown, ctx: ParseContext): SelectionSpec {
  const list = Array.isArray(items) ? items : [items];
  return { kind: 'union', parts: list.map((item) => parseDefinition(item, ctx)) };
}

function parseCriterionMapping(definition: Record<string, unknown>, ctx: ParseContext): SelectionSpec {
  let full: Record<string, unknown> = definition;
  if (!('method' in definition)) {
    const keys = Object.keys(definition).filter((key) => key !== 'exclude');
    if (keys.length !== 1) {
      throw problem(`selector '${ctx.where}' has a mapping with keys ${keys.join(', ') || '(none)'}`, 'write one `method: value` pair, or `method:` and `value:` keys');
    }
    full = { method: keys[0], value: definition[keys[0]], ...(definition.exclude !== undefined ? { exclude: definition.exclude } : {}) };
  }
  const unknownKeys = Object.keys(full).filter((key) => !CRITERION_KEYS.has(key));
  if (unknownKeys.length > 0) throw problem(`selector '${ctx.where}' has unknown keys ${unknownKeys.join(', ')}`, `use only: ${[...CRITERION_KEYS].join(', ')}`);

  const method = String(full.method);
  const value = full.value;
  if (value === undefined || value === null || typeof value === 'object') {
    throw problem(`selector '${ctx.where}': method '${method}' needs a string value`, `write \`method: ${method}\` and \`value: ...\``);
  }
  let spec: SelectionSpec;
  if (method === 'selector') spec = namedSelectorSpec(ctx.manifest, String(value), ctx.seen);
  else {
    const criterion = parseCriterion(`${method}:${String(value)}`, `${method}:${String(value)}`, `selector '${ctx.where}'`);
    criterion.parents = full.parents === true || full.parents_depth !== undefined;
    criterion.children = full.children === true || full.children_depth !== undefined;
    criterion.childrensParents = full.childrens_parents === true;
    criterion.parentsDepth = depth(full.parents_depth, 'parents_depth', ctx);
    criterion.childrenDepth = depth(full.children_depth, 'children_depth', ctx);
    spec = { kind: 'criterion', criterion, indirectSelection: indirect(full.indirect_selection, ctx) };
  }
  if (full.exclude !== undefined) return { kind: 'difference', include: spec, exclude: parseExclusions(full.exclude, ctx) };
  return spec;
}

function depth(value: unknown, key: string, ctx: ParseContext): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw problem(`selector '${ctx.where}': ${key} must be a whole number`, `write e.g. \`${key}: 1\``);
}

function indirect(value: unknown, ctx: ParseContext): IndirectSelection | undefined {
  if (value === undefined || value === null) return undefined;
  if ((INDIRECT_SELECTIONS as readonly unknown[]).includes(value)) return value as IndirectSelection;
  throw problem(`selector '${ctx.where}': indirect_selection '${String(value)}' is not a mode`, `use one of: ${INDIRECT_SELECTIONS.join(', ')}`);
}

function problem(message: string, hint: string): DailiesError {
  return new DailiesError('selection', message, { place: { file: FILE }, hint });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
