/**
 * The graph: the manifest's DAG, dbt node selection, state comparison and manifest artifacts.
 */
export type * from './types.js';
export { Dag, buildDag, findMember } from './dag.js';
export { selectNodes, selectNodesWithWarnings, type IndirectSelection, type SelectOptions, type SelectionResult } from './selection.js';
export {
  parseSelectors,
  specFromArgs,
  SELECTOR_METHODS,
  INDIRECT_SELECTIONS,
  type SelectionCriterion,
  type SelectionIntersection,
  type SelectionSpec,
} from './selector-syntax.js';
export { namedSelectorSpec, defaultSelectorName } from './yaml-selectors.js';
export { readSelectorsFile, parseSelectorsYaml, SELECTORS_FILE, type SelectorEntry } from './selectors-file.js';
export {
  compareManifests,
  changedIds,
  changesToRecord,
  summarizeChanges,
  formatChanges,
  CHANGE_REASONS,
  type ChangeReason,
  type ChangeStatus,
  type NodeChange,
} from './state.js';
export { diffContracts, type ContractDiff } from './contract-diff.js';
export { emptyManifest } from './manifest.js';
export { writeManifest, readManifest, parseManifest, serializeManifest, MANIFEST_FILE, MANIFEST_SCHEMA_VERSION } from './artifacts.js';
export { stableStringify, normalizeTemplate, sha256 } from './fingerprint.js';
export { wildcardMatch } from './wildcard.js';
