/**
 * Which materialization a model's `materialized` config names, chosen as dbt-core 1.11 chooses
 * (`Manifest.find_materialization_macro_by_name`): among the `{% materialization %}` blocks of
 * dbt's own packages ("core"), the installed packages ("imported") and the root project, an
 * adapter-specific block beats a `default` one; at the same specificity the root project beats
 * packages, which beat core. A package's block that would win over a core one is passed over
 * (the flag `require_explicit_package_overrides_for_builtin_materializations`, on by default:
 * the best core or root block is taken instead); with the flag off, the package's block wins.
 *
 * dailies runs dbt's core materializations natively, so they are listed here as data rather
 * than read from dbt's macro files.
 */
import { DailiesError } from '../errors.js';
import type { MacroInfo } from './jinja/types.js';

/** The core `{% materialization %}` blocks dbt-core 1.11 with each adapter ships: name → the adapter types it is declared for. */
const CORE_MATERIALIZATIONS: Record<string, Record<string, string[]>> = {
  duckdb: {
    view: ['default'],
    table: ['default', 'duckdb'],
    incremental: ['default', 'duckdb'],
    snapshot: ['default'],
    seed: ['default'],
    test: ['default'],
    unit: ['default'],
    materialized_view: ['default'],
    clone: ['default'],
    function: ['default'],
    table_function: ['duckdb'],
    external: ['duckdb'],
  },
  snowflake: {
    view: ['default', 'snowflake'],
    table: ['default', 'snowflake'],
    incremental: ['default', 'snowflake'],
    snapshot: ['default', 'snowflake'],
    seed: ['default'],
    test: ['default', 'snowflake'],
    unit: ['default', 'snowflake'],
    materialized_view: ['default'],
    clone: ['default'],
    function: ['default'],
    dynamic_table: ['snowflake'],
  },
};

/** The core materializations dailies builds natively (the others it names in a clear error). */
export const NATIVE_MATERIALIZATIONS = new Set(['view', 'table', 'incremental']);

type Locality = 1 | 2 | 3; // core, imported, root (dbt's Locality)

interface Candidate {
  specificity: number;
  locality: Locality;
  macro: MacroInfo | null;
}

export type MaterializationChoice =
  /** One of dbt's own: dailies builds it natively (when it is in NATIVE_MATERIALIZATIONS). */
  | { kind: 'core'; name: string }
  /** A `{% materialization %}` block of the project or a package, run as dbt runs it. */
  | { kind: 'macro'; macro: MacroInfo; overridesCore: boolean };

export interface ChoiceInput {
  name: string;
  adapterType: string;
  rootPackage: string;
  /** Every materialization macro of the project and its packages (MacroInfo.materialization set). */
  macros: MacroInfo[];
  /** dbt_project.yml `flags: require_explicit_package_overrides_for_builtin_materializations` (default true). */
  requireExplicitPackageOverrides?: boolean;
}

/** The materialization `name` runs with, or null when nothing declares it. */
export function chooseMaterialization(input: ChoiceInput): MaterializationChoice | null {
  const chain = [input.adapterType, 'default'];
  const candidates: Candidate[] = [];
  const core = CORE_MATERIALIZATIONS[input.adapterType]?.[input.name] ?? [];
  for (const [specificity, type] of chain.entries()) {
    if (core.includes(type)) candidates.push({ specificity, locality: 1, macro: null });
    for (const macro of input.macros) {
      const tag = macro.materialization;
      if (!tag || tag.name !== input.name || tag.adapter !== type) continue;
      candidates.push({ specificity, locality: macro.packageName === input.rootPackage ? 3 : 2, macro });
    }
  }
  if (candidates.length === 0) return null;
  // best first: the most specific (adapter before default), then root over imported over core
  candidates.sort((a, b) => a.specificity - b.specificity || b.locality - a.locality);
  let best = candidates[0]!;
  const twin = candidates[1];
  if (twin && twin.specificity === best.specificity && twin.locality === best.locality && best.macro && twin.macro) {
    // dbt's DuplicateMaterializationNameError
    throw new DailiesError('compile', `materialization '${input.name}' for '${chain[best.specificity]}' is defined twice: in package '${best.macro.packageName}' (${best.macro.file?.relPath ?? 'built-in'}:${best.macro.line}) and in package '${twin.macro.packageName}' (${twin.macro.file?.relPath ?? 'built-in'}:${twin.macro.line})`, {
      place: best.macro.file ? { file: best.macro.file.relPath, line: best.macro.line } : undefined,
      hint: 'remove one of them, or define the one you want in the root project (the root project wins over packages)',
    });
  }
  const hasCore = candidates.some((candidate) => candidate.locality === 1);
  if (best.locality === 2 && hasCore && input.requireExplicitPackageOverrides !== false) {
    best = candidates.find((candidate) => candidate.locality !== 2)!;
  }
  if (best.macro === null) return { kind: 'core', name: input.name };
  return { kind: 'macro', macro: best.macro, overridesCore: hasCore };
}
