/**
 * Generic tests declared in YAML (on models, seeds, snapshots, their columns, and source tables)
 * become test nodes: dbt's names and unique_ids, kwargs (`model`, `column_name`, the rest from
 * YAML with `ref()`/`source()` strings turned into relations), test config, and a render that
 * calls the test macro (`test_<name>`, package-qualified names too).
 */
import { DailiesError } from '../errors.js';
import type { LoadedPackage, TestDefinition } from '../project/types.js';
import type { CompileState, NodeDraft } from './compile-state.js';
import { makeDraft } from './node-drafts.js';
import { pythonRepr } from './checksums.js';
import { packageRelative, resourceFolders } from './package-paths.js';
import { SubqueryRelation, TemplateRelation } from './relations.js';
import { synthesizeTestNames, testHash } from './test-names.js';
import type { RenderTracker } from './jinja/types.js';
import type { NodeRef } from '../graph/types.js';

/** What a generic test is attached to. */
export interface TestSubject {
  uniqueId: string;
  /** `orders` for a model; `raw_orders` (source_table) for a source table. */
  targetName: string;
  /** `ref('orders')` or `source('raw', 'orders')` */
  refExpression: string;
  isSource: boolean;
  pkg: LoadedPackage;
  ref?: NodeRef;
  source?: [string, string];
}

/** The property-file section of each kind a test can be attached to. */
const SECTIONS: Record<string, string> = { model: 'models', seed: 'seeds', snapshot: 'snapshots', analysis: 'analyses' };

const CONFIG_KEYS = new Set([
  'severity', 'tags', 'enabled', 'where', 'limit', 'warn_if', 'error_if', 'store_failures', 'store_failures_as',
  'fail_calc', 'meta', 'database', 'schema', 'alias',
]);

interface ParsedTest {
  testName: string;
  namespace: string | null;
  args: Record<string, unknown>;
  config: Record<string, unknown>;
  customName: string | null;
  description: string;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseDefinition(definition: TestDefinition): ParsedTest {
  const raw = definition.raw;
  let fullName: string;
  let inner: Record<string, unknown> = {};
  if (typeof raw === 'string') fullName = raw;
  else if (isMap(raw) && typeof raw.test_name === 'string') {
    fullName = raw.test_name;
    inner = { ...raw };
    delete inner.test_name;
  } else if (isMap(raw)) {
    const key = Object.keys(raw)[0];
    fullName = key;
    inner = isMap(raw[key]) ? { ...(raw[key] as Record<string, unknown>) } : {};
  } else {
    throw new DailiesError('yaml', 'a test entry must be a test name or a mapping', { place: definition.place, hint: 'write `- unique` or `- accepted_values: {values: [a, b]}`' });
  }
  const dot = fullName.lastIndexOf('.');
  const parsed: ParsedTest = {
    testName: dot >= 0 ? fullName.slice(dot + 1) : fullName,
    namespace: dot >= 0 ? fullName.slice(0, dot) : null,
    args: {},
    config: {},
    customName: typeof inner.name === 'string' ? inner.name : null,
    description: typeof inner.description === 'string' ? inner.description : '',
  };
  for (const [key, value] of Object.entries(inner)) {
    if (key === 'name' || key === 'description') continue;
    if (key === 'config' && isMap(value)) Object.assign(parsed.config, value);
    else if (key === 'arguments' && isMap(value)) Object.assign(parsed.args, value);
    else if (CONFIG_KEYS.has(key)) parsed.config[key] = value;
    else parsed.args[key] = value;
  }
  return parsed;
}

const CALL = /^\s*(ref|source)\s*\(([^)]*)\)\s*$/;

function callStrings(argsText: string): string[] {
  return [...argsText.matchAll(/['"]([^'"]*)['"]/g)].map((match) => match[1]);
}

/** ref()/source() calls written as YAML strings (`to: ref('customers')`), found without rendering. */
function staticCalls(value: unknown, refs: NodeRef[], sources: [string, string][]): void {
  if (Array.isArray(value)) value.forEach((item) => staticCalls(item, refs, sources));
  if (typeof value !== 'string') return;
  for (const match of value.matchAll(/\b(ref|source)\s*\(([^)]*)\)/g)) {
    const strings = callStrings(match[2]);
    if (match[1] === 'ref' && strings.length >= 1) {
      refs.push(strings.length >= 2 ? { name: strings[1], package: strings[0], version: null } : { name: strings[0], package: null, version: null });
    } else if (match[1] === 'source' && strings.length >= 2) sources.push([strings[0], strings[1]]);
  }
}

function renderArgument(state: CompileState, value: unknown, globals: Record<string, unknown>, place: { file: string; line?: number }): unknown {
  if (Array.isArray(value)) return value.map((item) => renderArgument(state, item, globals, place));
  if (typeof value !== 'string') return value;
  const call = CALL.exec(value);
  if (call) return (globals[call[1]] as (...args: unknown[]) => unknown)(...callStrings(call[2]));
  if (value.includes('{{') || value.includes('{%')) return state.env.render(value, globals, place);
  return value;
}

function allResourcePaths(pkg: LoadedPackage): string[] {
  const config = pkg.config;
  return [...config.modelPaths, ...config.seedPaths, ...config.snapshotPaths, ...config.analysisPaths, ...config.testPaths];
}

/** The test node a YAML test definition declares on `subject` (and `column`, if any). */
export function genericTestDraft(state: CompileState, subject: TestSubject, column: string | null, definition: TestDefinition): NodeDraft {
  const parsed = parseDefinition(definition);
  const macro = state.env.findTest(parsed.testName, parsed.namespace ?? undefined);
  const qualified = parsed.namespace ? `${parsed.namespace}.${parsed.testName}` : parsed.testName;
  if (!macro) {
    throw new DailiesError('compile', `unknown generic test '${qualified}'`, {
      place: definition.place,
      hint: `define it with {% test ${parsed.testName}(model, column_name) %} in a macros/ file, or install the package that provides it`,
    });
  }
  const args: Record<string, unknown> = { ...parsed.args };
  if (column !== null) args.column_name = column;
  const testType = parsed.namespace ? `${parsed.namespace}_${parsed.testName}` : parsed.testName;
  const [shortName, fullName] = parsed.customName
    ? [parsed.customName, parsed.customName]
    : synthesizeTestNames(subject.isSource ? `source_${testType}` : testType, subject.targetName, args);
  const metadataKwargs = { ...args, model: `{{ get_where_subquery(${subject.refExpression}) }}` };
  const metadata = { name: parsed.testName, kwargs: metadataKwargs, namespace: parsed.namespace };
  const pkg = subject.pkg;
  const yamlPath = packageRelative(state, pkg, definition.place.file);
  const fqn = [pkg.name, ...resourceFolders(allResourcePaths(pkg), yamlPath), fullName];
  const rawCode = `{{ ${parsed.namespace ? `${parsed.namespace}.` : ''}test_${parsed.testName}(**_dbt_generic_test_kwargs) }}`;
  const config = { ...parsed.config };
  if (shortName !== fullName && config.alias === undefined) config.alias = shortName;
  const writtenCode = rawCode + configCall(config);
  const draft = makeDraft(state, {
    kind: 'test',
    pkg,
    name: fullName,
    uniqueId: `test.${pkg.name}.${fullName}.${testHash(fullName, metadata)}`,
    fqn,
    path: `${shortName}.sql`,
    originalFilePath: yamlPath,
    placeFile: definition.place.file,
    template: rawCode,
    templateLine: definition.place.line ?? 1,
    raw: writtenCode,
    config,
    sharedMacroCalls: state.testMacroCalls,
  });
  draft.node.alias = shortName;
  // dbt gives a generic test no file checksum (its arguments are in the unique_id and test_metadata)
  draft.node.checksum = { name: 'none', checksum: '' };
  draft.node.description = parsed.description;
  draft.node.test_metadata = metadata;
  draft.node.column_name = column;
  draft.node.attached_node = subject.isSource ? null : subject.uniqueId;
  // the YAML entry that declares it, as dbt names it: `models.orders`, `sources.raw` …
  draft.node.file_key_name = subject.source ? `sources.${subject.source[0]}` : `${SECTIONS[subject.uniqueId.slice(0, subject.uniqueId.indexOf('.'))] ?? 'models'}.${subject.ref?.name ?? subject.targetName}`;
  // dbt builds `not_null` and `unique` without rendering; other tests' ref comes from rendering
  // `ref('m', version='2')` (so a version there is text)
  const direct = macro.packageName === 'dbt' && (macro.name === 'test_not_null' || macro.name === 'test_unique');
  // dbt's depends_on.macros of a generic test: its macro, and get_where_subquery, which renders its
  // `model` argument (except for not_null and unique, which dbt builds without rendering)
  draft.directMacros = direct ? [macro.uniqueId] : [macro.uniqueId, 'macro.dbt.get_where_subquery'];
  draft.testTarget = subject.uniqueId;
  draft.testDefinitionConfig = new Set(Object.keys(parsed.config));
  if (subject.ref) {
    const version = subject.ref.version;
    draft.node.refs.push(direct || version === null ? subject.ref : { ...subject.ref, version: String(version) });
  }
  if (subject.source) draft.node.sources.push(subject.source);
  staticCalls(Object.values(parsed.args), draft.node.refs, draft.node.sources);

  const place = { file: definition.place.file, line: definition.place.line };
  const renderOnce = (globals: Record<string, unknown>, tracker: RenderTracker): string => {
    const kwargs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed.args)) kwargs[key] = renderArgument(state, value, globals, place);
    if (column !== null) kwargs.column_name = column;
    const relation: TemplateRelation = state.relationOf(subject.uniqueId);
    const where = draft.node.config.where;
    if (typeof where === 'string' && where.trim() !== '') {
      const condition = String(renderArgument(state, where, globals, place));
      kwargs.model = new SubqueryRelation(state.dialect, relation.asRelation(), `(select * from ${relation.render()} where ${condition}) dbt_subquery`);
    } else {
      kwargs.model = relation;
    }
    return String(state.env.callMacro(macro.name, [], kwargs, globals, tracker, macro.packageName) ?? '');
  };
  // a `config(where=…)` in the test's macro body is known only once the macro ran: then it runs again
  draft.renderTest = (globals: Record<string, unknown>, tracker: RenderTracker): string => {
    const where = draft.node.config.where;
    const sql = renderOnce(globals, tracker);
    return draft.node.config.where === where ? sql : renderOnce(globals, tracker);
  };
  return draft;
}

/** The `{{ config(…) }}` dbt appends to a generic test's raw code for the config written with it. */
function configCall(config: Record<string, unknown>): string {
  const parts = Object.entries(config).map(([key, value]) => `${key}=${typeof value === 'string' ? `"${value.replace(/"/g, '\\"')}"` : pythonRepr(value)}`);
  return parts.length === 0 ? '' : `{{ config(${parts.join(',')}) }}`;
}
