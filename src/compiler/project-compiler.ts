/**
 * Project → manifest. Drafts every node, parse-renders it (config/ref/source), merges config,
 * resolves where it is built, adds sources, generic tests and exposures, links and checks the
 * graph, compiles SQL (with ephemeral CTEs) and fills checksums and parent/child maps.
 */
import { DailiesError } from '../errors.js';
import type { Manifest } from '../graph/types.js';
import type { Project } from '../project/types.js';
import { dialectFor, type Dialect } from '../warehouse/dialect.js';
import type { CompileOptions, CompileProject, ProjectCompiler, RunRuntime } from './api.js';
import { makeDraft, packageDrafts } from './node-drafts.js';
import { checkSnapshotConfig } from './snapshot-config.js';
import { CompileState, type NodeDraft } from './compile-state.js';
import { createJinjaEnvironment } from './jinja/index.js';
import { finalizeConfig, mergeLayers } from './node-config.js';
import { compileDraft, parseRender, renderForExecution } from './node-render.js';
import { nameMacrosOverridden, resolveNodeNames } from './node-names.js';
import { checkQuotedRelations } from './relation-clashes.js';
import { buildDocs, buildExposures, buildMacros, buildSources, renderMacroDocs } from './graph-members.js';
import { macroDependencies } from './macro-dependencies.js';
import { testDrafts } from './test-drafts.js';
import { buildUnitTests } from './unit-tests.js';
import { deprecationWarnings } from './version-deprecations.js';
import { buildGroups, checkGroupsAndAccess } from './groups.js';
import { testConfigCalls } from './test-config-calls.js';
import { buildSemanticLayer } from './semantic-layer/index.js';
import { linkNodeMetrics } from './semantic-layer/node-metrics.js';
import { linkDraft, checkCycles, fillMaps } from './graph-links.js';
import { collectCtes, injectCtes } from './ephemeral-ctes.js';
import { finishNode } from './node-finish.js';
import { unrenderedConfig } from './unrendered-config.js';
import { applyConfigFields, applyDocBlocks, applyPrimaryKeys, applyTestGroups } from './dbt-fields.js';
import { Introspection } from './introspection.js';
import { nodeGlobals } from './context.js';
import { projectStrategyMacro, renderStrategyMacro, type StrategyCall } from './strategy-macros.js';
import { emptyManifest } from '../graph/manifest.js';
import { chooseMaterialization, type MaterializationChoice } from './materialization-choice.js';
import { runMaterializationMacro, type MaterializationRun } from './materialization-run.js';
import { findOperationMacro, runOperationMacro } from './operation-run.js';
import type { MacroInfo } from './jinja/types.js';

function manifestFor(project: Project): Manifest {
  return emptyManifest({ project_name: project.rootPackage.name, adapter_type: project.target.type, target_name: project.target.name });
}

function dialectOf(type: string): Dialect {
  try {
    return dialectFor(type);
  } catch {
    return dialectFor('duckdb');
  }
}

/** Config, enabled flag, registration and names of drafts whose templates were parse-rendered. */
function settle(state: CompileState, drafts: NodeDraft[]): NodeDraft[] {
  const enabled: NodeDraft[] = [];
  const byName = new Map<string, NodeDraft>();
  const versionedModels = new Map<string, NodeDraft>();
  const unversionedModels = new Map<string, NodeDraft>();
  for (const draft of drafts) {
    draft.node.config = finalizeConfig(draft.kind, mergeLayers(draft.baseConfig, draft.inFileConfig));
    applyConfigFields(draft);
    if (!draft.node.config.enabled) {
      draft.node.unrendered_config = unrenderedConfig(state, draft);
      (state.manifest.disabled[draft.node.unique_id] ??= []).push(draft.node);
      state.addDisabled(draft.node.name, draft.placeFile);
      continue;
    }
    if (draft.kind !== 'test') {
      const version = draft.node.version;
      const isVersioned = version !== null && version !== undefined;
      const base = `${draft.pkg.name}:${draft.node.name}`;
      const key = isVersioned ? `${base}.v${String(version)}` : base;
      if (draft.kind === 'model') {
        const twin = (isVersioned ? unversionedModels : versionedModels).get(base);
        if (twin) throw versionedTwinError(isVersioned ? draft : twin, isVersioned ? twin : draft);
        (isVersioned ? versionedModels : unversionedModels).set(base, draft);
      }
      const other = byName.get(key);
      if (other) {
        throw new DailiesError('ref', `two resources are named '${draft.node.name}' in package '${draft.pkg.name}': ${other.placeFile} and ${draft.placeFile}`, {
          place: { file: draft.placeFile, line: draft.templateLine },
          hint: 'rename one of them (or disable one with enabled: false)',
        });
      }
      byName.set(key, draft);
    } else if (state.drafts.has(draft.node.unique_id)) {
      throw new DailiesError('compile', `two tests would be named '${draft.node.name}' (${state.drafts.get(draft.node.unique_id)?.placeFile} and ${draft.placeFile})`, {
        place: { file: draft.placeFile, line: draft.templateLine },
        hint: 'give one of them a different `name:`',
      });
    }
    state.drafts.set(draft.node.unique_id, draft);
    // templates that read `graph.nodes` while compiling see every enabled node
    state.manifest.nodes[draft.node.unique_id] = draft.node;
    if (draft.kind === 'model' || draft.kind === 'seed' || draft.kind === 'snapshot') state.addRefable(draft);
    enabled.push(draft);
  }
  return enabled;
}

/** dbt's DuplicateVersionedUnversionedError: `ref('x')` could not tell the two apart. */
function versionedTwinError(versioned: NodeDraft, unversioned: NodeDraft): DailiesError {
  return new DailiesError('ref', `dbt found versioned and unversioned models with the name "${versioned.node.name}": ${unversioned.node.unique_id} (${unversioned.node.original_file_path}) and the versions in ${versioned.props?.place.file ?? versioned.placeFile}`, {
    place: { file: unversioned.placeFile, line: 1 },
    hint: 'rename the unversioned model, or add it to the versions in the property file',
  });
}

export const compileProject: CompileProject = async (project: Project, options: CompileOptions = {}) => {
  const env = createJinjaEnvironment({
    adapterType: project.target.type,
    rootPackage: project.rootPackage.name,
    packageNames: project.packages.map((pkg) => pkg.name),
    macroFiles: project.packages.flatMap((pkg) => pkg.macros),
    dispatch: project.rootPackage.config.dispatch,
  });
  const manifest = manifestFor(project);
  const state = new CompileState(project, env, dialectOf(project.target.type), options, manifest);
  buildMacros(state);
  // dbt's depends_on.macros, read from each macro's text
  const dependencies = macroDependencies(manifest.macros, {
    rootPackage: project.rootPackage.name,
    adapterType: project.target.type,
    packageNames: project.packages.map((pkg) => pkg.name),
    dispatch: project.rootPackage.config.dispatch,
  });
  for (const [id, macros] of dependencies) manifest.macros[id]!.depends_on.macros = macros;
  buildDocs(state);
  renderMacroDocs(state);

  const fileDrafts = project.packages.flatMap((pkg) => packageDrafts(state, pkg));
  const memo = options.parseMemo;
  for (const draft of fileDrafts) {
    if (memo) memo.parseRender(state, draft, parseRender);
    else parseRender(state, draft);
  }
  const nodes = settle(state, fileDrafts);
  const nameMacros = nameMacrosOverridden(state);
  for (const draft of nodes) {
    resolveNodeNames(state, draft, nameMacros);
    if (draft.kind === 'snapshot') checkSnapshotConfig(draft);
  }
  checkQuotedRelations(state, nodes);
  buildSources(state);
  const tests = settle(state, testDrafts(state, nodes));
  for (const draft of tests) resolveNodeNames(state, draft, nameMacros);
  const all = [...nodes, ...tests];
  for (const draft of all) linkDraft(state, draft);
  buildSemanticLayer(state);
  linkNodeMetrics(state);
  buildExposures(state);
  buildUnitTests(state);
  state.warnings.push(...deprecationWarnings(manifest));
  checkCycles(state);
  // dbt's fields a compile may read (`model.primary_key`, `model.doc_blocks`): known before any node compiles
  for (const draft of all) applyDocBlocks(state, draft.node);
  applyPrimaryKeys(state);
  applyTestGroups(state, tests);
  buildGroups(state);
  checkGroupsAndAccess(state, all);

  const introspection = new Introspection(options.adapter);
  const preInjected = new Map<string, string>();
  const compileErrors = new Map<string, DailiesError>();
  // a parse that compiles no node still renders the generic tests whose macros call config(), as dbt's parse does
  const setsConfig = options.compileSql === false ? testConfigCalls(manifest) : undefined;
  for (const draft of setsConfig ? all.filter(setsConfig) : all) {
    let sql: string | undefined;
    const questionsBefore = introspection.questions;
    try {
      sql = await compileDraft(state, draft, introspection);
    } catch (error) {
      // without a warehouse, a node whose macros asked it something (dbt_utils.get_column_values,
      // star, union_relations …) cannot be compiled now: like dbt's parse, the manifest keeps no
      // compiled_code for it, and it is rendered with live introspection when it runs
      if (!options.adapter && introspection.questions > questionsBefore) continue;
      // with `collect`, a node that does not compile is that node's error alone (reported when it runs)
      if (options.nodeErrors !== 'collect') throw error;
      compileErrors.set(draft.node.unique_id, asNodeError(error, draft));
      continue;
    }
    if (sql !== undefined && !setsConfig) preInjected.set(draft.node.unique_id, sql);
  }
  const injectFor = (draft: NodeDraft, sql: string, compiled: ReadonlyMap<string, string> = preInjected): { sql: string; ctes: { id: string; sql: string }[] } => {
    const parents = ephemeralParents(state, draft);
    if (parents.length === 0) return { sql, ctes: [] };
    const ctes = collectCtes(parents, (uniqueId) => {
      const parent = state.drafts.get(uniqueId) as NodeDraft;
      return { uniqueId, alias: parent.node.alias, sql: compiled.get(uniqueId) ?? '', ephemeralParents: ephemeralParents(state, parent) };
    });
    return { sql: injectCtes(sql, ctes), ctes };
  };
  /** Renders `draft` and its ephemeral ancestors now, with `runtime`'s live introspection, as dbt does just before a node runs. */
  const renderNow = async (draft: NodeDraft, runtime: RunRuntime): Promise<string> => {
    const mode = { phase: 'compile' as const, isIncremental: runtime.isIncremental, introspection: new Introspection(runtime.adapter), overrides: runtime.overrides, unitTest: runtime.unitTest, ...(runtime.batch ? { batch: runtime.batch } : {}) };
    const ancestors = new Map<string, string>();
    const pending = [...ephemeralParents(state, draft)];
    while (pending.length > 0) {
      const id = pending.pop()!;
      if (ancestors.has(id)) continue;
      const parent = state.drafts.get(id) as NodeDraft;
      ancestors.set(id, await renderForExecution(state, parent, { ...mode, isIncremental: false, batch: undefined }));
      pending.push(...ephemeralParents(state, parent));
    }
    return injectFor(draft, await renderForExecution(state, draft, mode), ancestors).sql;
  };
  for (const draft of all) {
    manifest.nodes[draft.node.unique_id] = draft.node;
    const sql = preInjected.get(draft.node.unique_id);
    if (sql !== undefined) {
      const injected = injectFor(draft, sql);
      draft.node.compiled_code = injected.sql;
      draft.node.extra_ctes = injected.ctes;
      draft.node.compiled = true;
    }
    finishNode(state, draft);
  }
  // the macros' own depends_on: which macro called which, over every node's renders
  const macroCalls = new Map<string, Set<string>>();
  for (const draft of all) {
    const calls = draft.tracker.recordedCalls();
    // generic tests share one map (state.testMacroCalls): joined once, below
    if (calls && calls !== state.testMacroCalls) joinCalls(macroCalls, calls);
  }
  joinCalls(macroCalls, state.testMacroCalls);
  // the calls a render made beyond the macros' depends_on (read from their text) are kept apart
  for (const [caller, callees] of macroCalls) {
    const macro = manifest.macros[caller];
    if (!macro) continue;
    const listed = new Set(macro.depends_on.macros);
    const more = [...callees].filter((id) => id !== caller && id in manifest.macros && !listed.has(id)).sort();
    if (more.length > 0) macro.dailies.calls = more;
  }
  fillMaps(manifest);

  let materializationMacros: MacroInfo[] | undefined;
  const compiler: ProjectCompiler = {
    manifest,
    compileErrors,
    warnings: state.warnings,
    internals: { state },
    async compileForRun(uniqueId: string, runtime: RunRuntime): Promise<string> {
      const draft = state.drafts.get(uniqueId);
      if (!draft) throw new DailiesError('internal', `compileForRun: no node ${uniqueId}`);
      if (draft.kind === 'seed') return '';
      try {
        return await renderNow(draft, runtime);
      } catch (error) {
        throw asNodeError(error, draft);
      }
    },
    async renderHook(sql: string, nodeId: string | null, runtime: RunRuntime): Promise<string> {
      const draft = nodeId === null ? null : (state.drafts.get(nodeId) ?? null);
      const mode = { phase: 'compile' as const, isIncremental: runtime.isIncremental, introspection: new Introspection(runtime.adapter) };
      const place = draft ? { file: draft.placeFile, line: draft.templateLine } : { file: 'dbt_project.yml' };
      return mode.introspection.renderUntilStable(() => env.render(sql, nodeGlobals(state, draft, mode), place), place, env);
    },
    async renderSourceQuery(sql: string, sourceId: string, runtime: RunRuntime): Promise<string> {
      const source = manifest.sources[sourceId];
      if (!source) throw new DailiesError('internal', `renderSourceQuery: no source ${sourceId}`);
      const mode = { phase: 'compile' as const, isIncremental: false, introspection: new Introspection(runtime.adapter) };
      const place = { file: source.original_file_path, line: source.dailies?.place.line };
      return mode.introspection.renderUntilStable(
        () => {
          const globals = nodeGlobals(state, null, mode);
          Object.assign(globals, { this: state.relationOf(sourceId), source_node: source, model: source });
          return env.render(sql, globals, place);
        },
        place,
        env,
      );
    },
    materializationFor(uniqueId: string): MaterializationChoice | null {
      const draft = state.drafts.get(uniqueId);
      if (!draft) throw new DailiesError('internal', `materializationFor: no node ${uniqueId}`);
      materializationMacros ??= env.macros().filter((macro) => macro.materialization !== undefined);
      return chooseMaterialization({
        name: String(draft.node.config.materialized),
        adapterType: project.target.type,
        rootPackage: project.rootPackage.name,
        macros: materializationMacros,
        requireExplicitPackageOverrides: project.rootPackage.config.flags?.require_explicit_package_overrides_for_builtin_materializations !== false,
      });
    },
    async runMaterialization(uniqueId: string, macro: MacroInfo, sql: string, runtime: RunRuntime): Promise<MaterializationRun> {
      const draft = state.drafts.get(uniqueId);
      if (!draft) throw new DailiesError('internal', `runMaterialization: no node ${uniqueId}`);
      return runMaterializationMacro(state, draft, macro, sql, runtime);
    },
    async runOperation(name: string, kwargs: Record<string, unknown>, runtime: RunRuntime, output: (line: string) => void): Promise<{ uniqueId: string; file: string }> {
      const macro = findOperationMacro(state, name);
      await runOperationMacro(state, macro, kwargs, runtime, output);
      return { uniqueId: macro.uniqueId, file: macro.file?.relPath ?? '' };
    },
    strategyMacro(strategy: string): string | null {
      return projectStrategyMacro(state, strategy);
    },
    async renderStrategy(nodeId: string, macroName: string, call: StrategyCall, runtime: RunRuntime): Promise<string> {
      const draft = state.drafts.get(nodeId);
      if (!draft) throw new DailiesError('internal', `renderStrategy: no node ${nodeId}`);
      try {
        return await renderStrategyMacro(state, draft, macroName, call, runtime);
      } catch (error) {
        throw asNodeError(error, draft);
      }
    },
    async compileInline(sql: string, runtime: RunRuntime): Promise<string> {
      const draft = inlineDraft(state, sql);
      const mode = { phase: 'compile' as const, isIncremental: runtime.isIncremental, introspection: new Introspection(runtime.adapter) };
      return injectFor(draft, await renderForExecution(state, draft, mode)).sql;
    },
  };
  return compiler;
};

function joinCalls(into: Map<string, Set<string>>, calls: ReadonlyMap<string, ReadonlySet<string>>): void {
  for (const [caller, callees] of calls) {
    let set = into.get(caller);
    if (!set) into.set(caller, (set = new Set()));
    for (const callee of callees) set.add(callee);
  }
}

/** Any error of a node's render as a DailiesError naming the node's file and line. */
function asNodeError(error: unknown, draft: NodeDraft): DailiesError {
  if (error instanceof DailiesError) return error.place ? error : new DailiesError(error.kind, error.message, { place: { file: draft.placeFile, line: draft.templateLine }, hint: error.hint, cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new DailiesError('compile', `${draft.node.resource_type} ${draft.node.name} did not compile: ${message}`, {
    place: { file: draft.placeFile, line: draft.templateLine },
    hint: 'fix the template (or the macro it calls); the rest of the project is unaffected',
    cause: error,
  });
}

/** A throw-away model of the root package for ad-hoc SQL (`dailies show --inline`). */
function inlineDraft(state: CompileState, sql: string): NodeDraft {
  const pkg = state.project.rootPackage;
  const draft = makeDraft(state, {
    kind: 'model',
    pkg,
    name: 'inline_query',
    uniqueId: `sql_operation.${pkg.name}.inline_query`,
    fqn: [pkg.name, 'inline_query'],
    path: 'inline_query.sql',
    originalFilePath: 'inline_query.sql',
    placeFile: '<inline>',
    template: sql,
    templateLine: 1,
    raw: sql,
  });
  draft.node.config = finalizeConfig('model', {});
  return draft;
}

const ephemeralIds = new WeakMap<CompileState, Set<string>>();

/** Ephemeral models among a node's parents (the set of them is taken once: configs are final by then). */
function ephemeralParents(state: CompileState, draft: NodeDraft): string[] {
  let ephemeral = ephemeralIds.get(state);
  if (!ephemeral) {
    ephemeral = new Set([...state.drafts.values()].filter((node) => node.node.config.materialized === 'ephemeral').map((node) => node.node.unique_id));
    ephemeralIds.set(state, ephemeral);
  }
  if (ephemeral.size === 0) return [];
  return draft.node.depends_on.nodes.filter((id) => ephemeral.has(id));
}
