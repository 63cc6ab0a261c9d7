/**
 * Manifest fields dbt-core 1.11 writes that dailies itself does not read, derived as dbt derives
 * them so that tools reading manifest.json (dbt-docs, Recce, Datafold, elementary,
 * dbt-artifacts-parser) find them: `docs`, `access`, `group`, `patch_path`, `doc_blocks`,
 * `primary_key`, `created_at` … State comparison compares none of them (as dbt's `same_contents`).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ManifestNode } from '../graph/types.js';
import type { LoadedPackage } from '../project/types.js';
import type { CompileState, NodeDraft } from './compile-state.js';

/** dbt's Docs default, shared (frozen: the manifest only serializes it). */
export const DEFAULT_DOCS: { show: boolean; node_color: string | null } = Object.freeze({ show: true, node_color: null });

/** A `docs:` config as dbt's Docs: `show` and `node_color`, defaults for what is not set. */
export function docsOf(value: unknown): { show: boolean; node_color: string | null } {
  const docs = value !== null && typeof value === 'object' ? (value as { show?: unknown; node_color?: unknown }) : {};
  const show = docs.show !== false;
  const color = typeof docs.node_color === 'string' ? docs.node_color : null;
  return show && color === null ? DEFAULT_DOCS : { show, node_color: color };
}

const fileTimes = new WeakMap<CompileState, Map<string, number>>();

/**
 * `created_at`: dbt writes the wall-clock time it parsed the member; dailies writes the
 * modification time (seconds since the epoch) of the file that defines it, so that a partial
 * parse, a cached parse and a full parse of the same files write the same bytes. `file` is a
 * place path (relative to the project root). 0 when the file cannot be read.
 */
export function createdAt(state: CompileState, file: string): number {
  let times = fileTimes.get(state);
  if (!times) fileTimes.set(state, (times = new Map()));
  let time = times.get(file);
  if (time === undefined) {
    const stat = statSync(resolve(state.project.root, file), { throwIfNoEntry: false });
    time = stat ? stat.mtimeMs / 1000 : 0;
    times.set(file, time);
  }
  return time;
}

/** Forgets `file`'s time (a file read again after an edit: `parse --watch`). */
export function forgetCreatedAt(state: CompileState, file: string): void {
  fileTimes.get(state)?.delete(file);
}

const patchPaths = new WeakMap<LoadedPackage, Map<string, string>>();

/** `patch_path`: `<package>://<package-relative path of the property file>` (one string per file). */
export function patchPath(pkg: LoadedPackage, packagePath: string): string {
  let byPath = patchPaths.get(pkg);
  if (!byPath) patchPaths.set(pkg, (byPath = new Map()));
  let text = byPath.get(packagePath);
  if (text === undefined) byPath.set(packagePath, (text = `${pkg.name}://${packagePath}`));
  return text;
}

/** The doc_blocks of a description that calls no doc() (most): one shared, frozen list. */
export const NO_DOC_BLOCKS = Object.freeze([]) as unknown as string[];

/** `{{ doc('name') }}` / `{{ doc('package', 'name') }}` as a whole expression (dbt's `_get_doc_blocks` reads top-level calls only). */
const DOC_CALL = /\{\{-?\s*doc\s*\(\s*(['"])([^'"]*)\1\s*(?:,\s*(['"])([^'"]*)\3\s*)?\)\s*-?\}\}/g;

/**
 * `doc_blocks`: the unique_ids of the doc blocks a description's `{{ doc(…) }}` calls name (in
 * order, repeats kept), resolved as `doc()` resolves them; a call inside a filter, a condition or
 * another expression is not listed (dbt reads the template's top-level calls only).
 */
export function docBlocks(state: CompileState, description: string, packageName: string): string[] {
  if (!description.includes('doc')) return NO_DOC_BLOCKS;
  const out: string[] = [];
  for (const match of description.matchAll(DOC_CALL)) {
    const [pkg, name] = match[4] !== undefined ? [match[2]!, match[4]] : [null, match[2]!];
    const found = resolveDoc(state, name, pkg, packageName);
    if (found) out.push(found);
  }
  return out;
}

/** dbt's resolve_doc: the named package's doc; else the root project's, the node's package's, then any. */
function resolveDoc(state: CompileState, name: string, pkg: string | null, nodePackage: string): string | undefined {
  const candidates = state.docIndex.get(name) ?? [];
  if (pkg !== null) return candidates.find((doc) => doc.package_name === pkg)?.unique_id;
  const root = state.project.rootPackage.name;
  return (candidates.find((doc) => doc.package_name === root) ?? candidates.find((doc) => doc.package_name === nodePackage) ?? candidates[0])?.unique_id;
}

/** The fields a node's config decides (`docs`, `access`, `group`), set once its config is final. */
export function applyConfigFields(draft: NodeDraft): void {
  const node = draft.node;
  node.docs = docsOf(node.config.docs);
  if (draft.kind === 'model') node.access = typeof node.config.access === 'string' ? node.config.access : 'protected';
  node.group = typeof node.config.group === 'string' ? node.config.group : null;
}

/** `doc_blocks` of a node and its columns, from their descriptions before `doc()` is rendered. */
export function applyDocBlocks(state: CompileState, node: ManifestNode): void {
  node.doc_blocks = docBlocks(state, node.description, node.package_name);
  for (const name in node.columns) {
    const column = node.columns[name]!;
    column.doc_blocks = docBlocks(state, column.description, node.package_name);
  }
}

/**
 * dbt's infer_primary_key, for every model: a model-level primary_key constraint's columns; else
 * the first column with a primary_key constraint; else the columns with both a `not_null` and a
 * `unique` (or `unique_combination_of_columns`) test, enabled or not; else those with an enabled
 * unique test; else with a disabled one. Sorted, as dbt writes it.
 */
export function applyPrimaryKeys(state: CompileState): void {
  const tests = new Map<string, ManifestNode[]>();
  const models: ManifestNode[] = [];
  const visit = (node: ManifestNode): void => {
    if (node.resource_type === 'model') models.push(node);
    else if (node.resource_type === 'test' && node.attached_node && node.test_metadata) {
      const list = tests.get(node.attached_node);
      if (list) list.push(node);
      else tests.set(node.attached_node, [node]);
    }
  };
  for (const id in state.manifest.nodes) visit(state.manifest.nodes[id]!);
  for (const id in state.manifest.disabled) for (const node of state.manifest.disabled[id]!) visit(node as ManifestNode);
  for (const model of models) model.primary_key = inferPrimaryKey(model, tests.get(model.unique_id)).sort();
}

interface Constraint {
  type?: unknown;
  columns?: unknown;
}

function inferPrimaryKey(model: ManifestNode, tests: ManifestNode[] | undefined): string[] {
  for (const constraint of (model.constraints ?? []) as Constraint[]) {
    if (constraint?.type === 'primary_key') return Array.isArray(constraint.columns) ? constraint.columns.map(String) : [];
  }
  for (const name in model.columns) {
    const column = model.columns[name]!;
    if (column.constraints.length > 0 && (column.constraints as Constraint[]).some((constraint) => constraint?.type === 'primary_key')) return [column.name];
  }
  if (!tests) return [];
  // a model has a few tests: arrays (in dbt's set insertion order) beat sets here
  const enabledUnique: string[] = [];
  const disabledUnique: string[] = [];
  const notNull: string[] = [];
  const add = (list: string[], column: string): void => {
    if (!list.includes(column)) list.push(column);
  };
  for (const test of tests) {
    const { name, kwargs } = test.test_metadata!;
    const unique = name === 'unique' || name === 'unique_combination_of_columns';
    if (!unique && name !== 'not_null') continue;
    const list = !unique ? notNull : test.config.enabled === false ? disabledUnique : enabledUnique;
    if (typeof kwargs.column_name === 'string') add(list, kwargs.column_name);
    else if (Array.isArray(kwargs.combination_of_columns)) for (const column of kwargs.combination_of_columns) if (typeof column === 'string') add(list, column);
  }
  const both = notNull.filter((column) => enabledUnique.includes(column) || disabledUnique.includes(column));
  if (both.length > 0) return both;
  return enabledUnique.length > 0 ? enabledUnique : disabledUnique;
}

/** A generic test's `group` is its own config's, else the group of the node it tests (as dbt). */
export function applyTestGroups(state: CompileState, tests: NodeDraft[]): void {
  for (const draft of tests) {
    const node = draft.node;
    if (node.group !== null || !node.attached_node) continue;
    const attached = state.manifest.nodes[node.attached_node];
    if (attached && typeof attached.group === 'string') node.group = attached.group;
  }
}
