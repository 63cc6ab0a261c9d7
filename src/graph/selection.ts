/**
 * dbt node selection: `--select` / `--exclude` over a manifest's graph, with graph operators and
 * indirect selection of tests, following dbt-core's NodeSelector set algebra.
 */
import { buildDag, type Dag } from './dag.js';
import { runMethod, type MethodContext } from './selector-methods.js';
import { specFromArgs, type IndirectSelection, type SelectionCriterion, type SelectionSpec } from './selector-syntax.js';
import { namedSelectorSpec, defaultSelectorName } from './yaml-selectors.js';
import { DailiesError } from '../errors.js';
import type { NodeChange } from './state.js';
import type { GraphMember, Manifest } from './types.js';
import { semanticMembers } from './semantic-types.js';

export type { IndirectSelection };

export interface SelectOptions {
  /** Selector arguments; empty or absent selects everything. */
  select?: string[];
  exclude?: string[];
  /** The manifest `state:` selectors compare with (`--state`). */
  state?: Manifest;
  /**
   * The comparison with the state manifest, already made (the docs site ships it precomputed, as
   * the browser cannot fingerprint nodes); `state:` selectors then need no `state` manifest.
   */
  stateChanges?: Map<string, NodeChange>;
  /** Keep only these resource types (`--resource-type`). */
  resourceTypes?: string[];
  /** Keep selected unit tests (`unit_test.…` ids, from manifest.unit_tests); default false: nodes only. */
  withUnitTests?: boolean;
  /** How tests of selected nodes are picked up; `eager` by default. */
  indirectSelection?: IndirectSelection;
  /** A graph already built for this manifest. */
  dag?: Dag;
  /**
   * A YAML selector by name (`--selector`, from selectors.yml as kept in `manifest.selectors`);
   * not combined with select/exclude. Without any of the three, a selector marked `default: true`
   * applies.
   */
  selector?: string;
}

export interface SelectionResult {
  /** Selected unique ids, sorted. */
  ids: string[];
  /** What a `state:` comparison could not tell, then one line per `--select` word that matched nothing, as dbt warns. */
  warnings: string[];
}

/** The unique ids a selection picks, sorted. Throws a `selection` DailiesError on bad selectors. */
export function selectNodes(manifest: Manifest, options: SelectOptions = {}): string[] {
  return selectNodesWithWarnings(manifest, options).ids;
}

/** Like selectNodes, and also says which `--select` words matched nothing. */
export function selectNodesWithWarnings(manifest: Manifest, options: SelectOptions = {}): SelectionResult {
  const selector = new Selector(manifest, options);
  const warnings: string[] = [];
  const chosen = selector.evaluate(selectionSpec(manifest, options), warnings);
  const types = options.resourceTypes && options.resourceTypes.length > 0 ? new Set(options.resourceTypes) : undefined;
  const members = new Map(selector.ctx.members.map((member) => [member.unique_id, member]));
  const ids = [...chosen.direct]
    .filter((id) => (!types || types.has(members.get(id)?.resource_type ?? '')) && (options.withUnitTests === true || members.get(id)?.resource_type !== 'unit_test'))
    .sort();
  return { ids, warnings: [...(selector.ctx.stateNotes ?? []), ...warnings] };
}

/** What to evaluate: --selector, or --select minus --exclude, or the default selector, or everything. */
function selectionSpec(manifest: Manifest, options: SelectOptions): SelectionSpec {
  const select = (options.select ?? []).filter((arg) => arg.trim() !== '');
  const exclude = (options.exclude ?? []).filter((arg) => arg.trim() !== '');
  if (options.selector !== undefined) {
    if (select.length > 0 || exclude.length > 0) {
      throw new DailiesError('selection', '--selector cannot be combined with --select or --exclude', {
        hint: 'put the extra criteria into the YAML selector, or use --select/--exclude alone',
      });
    }
    return namedSelectorSpec(manifest, options.selector);
  }
  const fallback = select.length === 0 && exclude.length === 0 ? defaultSelectorName(manifest) : undefined;
  if (fallback !== undefined) return namedSelectorSpec(manifest, fallback);
  const include: SelectionSpec = select.length > 0 ? specFromArgs(select, '--select', true) : EVERYTHING;
  if (exclude.length === 0) return include;
  return { kind: 'difference', include, exclude: specFromArgs(exclude, '--exclude', false) };
}

/** Every node, source, exposure, semantic model, metric, saved query and unit test (dbt's default for `ls`; callers narrow with resourceTypes). */
const EVERYTHING: SelectionSpec = { kind: 'union', parts: [] };

interface Bundle {
  direct: Set<string>;
  /** Tests held back by cautious selection until all their parents are selected. */
  indirect: Set<string>;
}

class Selector {
  readonly ctx: MethodContext;
  private readonly dag: Dag;
  private readonly mode: IndirectSelection;
  /** A model's unit tests (they are not in the graph: dbt selects them with their model, as tests). */
  private readonly unitTests = new Map<string, string[]>();

  constructor(private readonly manifest: Manifest, options: SelectOptions) {
    const members: GraphMember[] = [
      ...Object.values(manifest.nodes ?? {}),
      ...Object.values(manifest.sources ?? {}),
      ...Object.values(manifest.exposures ?? {}),
      ...semanticMembers(manifest),
      ...Object.values(manifest.unit_tests ?? {}),
    ];
    for (const test of Object.values(manifest.unit_tests ?? {})) {
      const model = test.depends_on.nodes[0];
      if (model === undefined) continue;
      const tests = this.unitTests.get(model);
      if (tests) tests.push(test.unique_id);
      else this.unitTests.set(model, [test.unique_id]);
    }
    this.ctx = { manifest, members, state: options.state, changes: options.stateChanges };
    this.dag = options.dag ?? buildDag(manifest);
    this.mode = options.indirectSelection ?? 'eager';
  }

  /** dbt's select_nodes_recursively. */
  evaluate(spec: SelectionSpec, warnings: string[], inherited: IndirectSelection = this.mode): Bundle {
    const mode = spec.indirectSelection ?? inherited;
    if (spec.kind === 'criterion') return this.criterion(spec.criterion, mode);
    if (spec === EVERYTHING) return { direct: new Set(this.ctx.members.map((member) => member.unique_id)), indirect: new Set() };
    if (spec.kind === 'difference') {
      const bundles = [this.evaluate(spec.include, warnings, mode), this.evaluate(spec.exclude, warnings, mode)];
      return this.combine(bundles, (sets) => subtract(sets[0], sets[1]), mode);
    }
    const bundles = spec.parts.map((part) => this.evaluate(part, warnings, mode));
    const combined = bundles.length === 0 ? { direct: new Set<string>(), indirect: new Set<string>() } : this.combine(bundles, spec.kind === 'union' ? unite : intersect, mode);
    if (spec.expectExists && combined.direct.size === 0) warnings.push(noMatchWarning(spec, this.manifest));
    return combined;
  }

  /** Combines the parts of a compound spec; cautious and buildable modes pick up tests now complete. */
  private combine(bundles: Bundle[], op: (sets: Set<string>[]) => Set<string>, mode: IndirectSelection): Bundle {
    if (bundles.length === 1) return bundles[0];
    const direct = op(bundles.map((b) => b.direct));
    const indirect = op(bundles.map((b) => new Set([...b.direct, ...b.indirect])));
    if (mode === 'cautious' || mode === 'buildable') {
      const allowed = mode === 'cautious' ? direct : this.withAncestors(direct);
      for (const id of indirect) if (!direct.has(id) && this.parentsWithin(id, allowed)) direct.add(id);
    }
    return { direct, indirect };
  }

  /** One criterion: method, then graph operators, then indirect test selection. */
  private criterion(criterion: SelectionCriterion, mode: IndirectSelection): Bundle {
    const matched = runMethod(this.ctx, criterion.method, criterion.value, criterion.methodArgs);
    const selected = new Set(matched);
    if (criterion.childrensParents) {
      const below = new Set([...matched, ...this.dag.descendants(matched)]);
      for (const id of below) selected.add(id);
      for (const id of this.dag.ancestors(below)) selected.add(id);
    }
    if (criterion.parents) for (const id of this.dag.ancestors(matched, criterion.parentsDepth)) selected.add(id);
    if (criterion.children) for (const id of this.dag.descendants(matched, criterion.childrenDepth)) selected.add(id);
    return this.expandTests(selected, mode);
  }

  /** dbt's expand_selection: tests right below selected nodes. */
  private expandTests(selected: Set<string>, mode: IndirectSelection): Bundle {
    const direct = new Set(selected);
    const indirect = new Set<string>();
    if (mode === 'empty') return { direct, indirect };
    const allowed = mode === 'buildable' ? this.withAncestors(selected) : selected;
    for (const id of selected) {
      // a unit test's one parent is its model: selected with it in every mode but empty
      for (const test of this.unitTests.get(id) ?? []) direct.add(test);
      for (const child of this.dag.children(id)) {
        if (direct.has(child) || this.manifest.nodes[child]?.resource_type !== 'test') continue;
        if (mode === 'eager' || this.parentsWithin(child, allowed)) direct.add(child);
        else indirect.add(child);
      }
    }
    return { direct, indirect };
  }

  private withAncestors(ids: Set<string>): Set<string> {
    const out = this.dag.ancestors(ids);
    for (const id of ids) out.add(id);
    return out;
  }

  private parentsWithin(id: string, set: Set<string>): boolean {
    return this.dag.parents(id).every((parent) => set.has(parent));
  }
}

function intersect(sets: Set<string>[]): Set<string> {
  const [first, ...rest] = sets;
  return new Set([...first].filter((id) => rest.every((set) => set.has(id))));
}

function unite(sets: Set<string>[]): Set<string> {
  return new Set(sets.flatMap((set) => [...set]));
}

function subtract(from: Set<string>, without: Set<string>): Set<string> {
  return new Set([...from].filter((id) => !without.has(id)));
}

function noMatchWarning(spec: SelectionSpec, manifest: Manifest): string {
  const raw = 'raw' in spec && spec.raw !== undefined ? spec.raw : '';
  const text = `The selection criterion '${raw}' does not match any enabled nodes`;
  const part = 'parts' in spec && spec.parts.length === 1 ? spec.parts[0] : undefined;
  const only = part?.kind === 'criterion' ? part.criterion : undefined;
  if (!only || only.method !== 'fqn' || only.value.includes('*')) return text;
  const disabled = Object.keys(manifest.disabled ?? {}).find((id) => id.split('.').pop() === only.value);
  if (disabled) return `${text} (${disabled} is disabled)`;
  const suggestion = closestName(only.value, Object.values(manifest.nodes ?? {}).map((node) => node.name));
  return suggestion ? `${text} (did you mean '${suggestion}'?)` : text;
}

function closestName(name: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of new Set(names)) {
    const distance = editDistance(name, candidate, bestDistance);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
