/**
 * The selector methods (`fqn:`, `tag:`, `path:`, …): each answers which graph members match a value,
 * the way dbt-core's selector methods do.
 */
import { DailiesError } from '../errors.js';
import { compareManifests, type NodeChange } from './state.js';
import type { GraphMember, Manifest, ManifestNode, UnitTestDefinition } from './types.js';
import type { SemanticMember } from './semantic-types.js';
import { hasWildcard, wildcardMatch } from './wildcard.js';
import { compareVersions } from '../project/version-order.js';

export interface MethodContext {
  manifest: Manifest;
  members: GraphMember[];
  state?: Manifest;
  /** Filled on first use of `state:`. */
  changes?: Map<string, NodeChange>;
  /** What the state comparison could not tell (NodeChange.note), filled with `changes`. */
  stateNotes?: string[];
}

type Method = (ctx: MethodContext, value: string, args: string[]) => Iterable<string>;

const RESOURCE_TYPES = ['model', 'seed', 'snapshot', 'test', 'unit_test', 'analysis', 'source', 'exposure', 'metric', 'semantic_model', 'saved_query', 'operation'];
/** dbt resource types dailies has none of: valid in a selector, they select nothing. */
const ABSENT_RESOURCE_TYPES = ['group', 'sql_operation', 'rpc', 'function'];
const STATE_VALUES = ['new', 'old', 'modified', 'unmodified', 'modified.body', 'modified.configs', 'modified.macros', 'modified.contract'];

export function runMethod(ctx: MethodContext, method: string, value: string, args: string[]): Set<string> {
  const run = METHODS[method];
  if (!run) throw new DailiesError('internal', `no selector method '${method}'`);
  return new Set(run(ctx, value, args));
}

const METHODS: Record<string, Method> = {
  // dbt's non-source nodes; exposures are left out (as dailies has always done), semantic models, metrics and saved queries are in
  fqn: (ctx, value) =>
    ids([...nodesOf(ctx), ...semanticOf(ctx), ...unitTestsOf(ctx)].filter((node) => value === '*' || fqnMatches(node.fqn, value, node.resource_type === 'model' && isVersioned(node as ManifestNode)))),

  // dbt's unit_test method: unit tests by name or fqn
  unit_test: (ctx, value) => ids(unitTestsOf(ctx).filter((test) => value === '*' || wildcardMatch(test.name, value) || fqnMatches(test.fqn, value, false))),

  // a model's version against its latest (dbt's VersionSelectorMethod)
  version: (ctx, value) => {
    const pick: Record<string, (node: ManifestNode) => boolean> = {
      latest: (node) => isVersioned(node) && String(node.version) === String(node.latest_version),
      prerelease: (node) => isVersioned(node) && hasLatest(node) && compareVersions(node.version!, node.latest_version!) > 0,
      old: (node) => isVersioned(node) && hasLatest(node) && compareVersions(node.version!, node.latest_version!) < 0,
      none: (node) => !isVersioned(node),
    };
    const test = pick[value];
    if (!test) {
      throw new DailiesError('selection', `Invalid version type selector ${value}: expected one of: "latest", "prerelease", "old", or "none"`, { hint: 'use version:latest, version:prerelease, version:old or version:none' });
    }
    return ids(nodesOf(ctx).filter((node) => node.resource_type === 'model' && test(node)));
  },

  tag: (ctx, value) => ids(ctx.members.filter((member) => tagsOf(member).some((tag) => wildcardMatch(tag, value)))),

  path: (ctx, value) => {
    const wanted = value.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    return ids(ctx.members.filter((member) => pathMatches(member.original_file_path ?? '', wanted)));
  },

  file: (ctx, value) =>
    ids(
      ctx.members.filter((member) => {
        const base = (member.original_file_path ?? '').split('/').pop() ?? '';
        return wildcardMatch(base, value) || wildcardMatch(base.replace(/\.[^.]*$/, ''), value);
      }),
    ),

  config: (ctx, value, args) =>
    ids(ctx.members.filter((member) => 'config' in member && configMatches(descend(member.config, args), value))),

  resource_type: (ctx, value) => {
    if (!RESOURCE_TYPES.includes(value) && !ABSENT_RESOURCE_TYPES.includes(value)) {
      throw new DailiesError('selection', `Invalid selector 'resource_type:${value}': '${value}' is not a resource type`, { hint: `use one of: ${RESOURCE_TYPES.join(', ')}` });
    }
    return ids(ctx.members.filter((member) => member.resource_type === value));
  },

  source: (ctx, value) => {
    const parts = value.split('.');
    if (parts.length > 3) {
      throw new DailiesError('selection', `Invalid selector 'source:${value}': too many parts`, { hint: 'write `source:<source>`, `source:<source>.<table>` or `source:<package>.<source>.<table>`' });
    }
    const [pkg, source, table] = parts.length === 3 ? parts : ['*', parts[0], parts[1] ?? '*'];
    return ids(
      Object.values(ctx.manifest.sources).filter(
        (s) => wildcardMatch(s.package_name, pkg) && wildcardMatch(s.source_name, source) && wildcardMatch(s.name, table),
      ),
    );
  },

  exposure: (ctx, value) => byPackageAndName('exposure', value, Object.values(ctx.manifest.exposures ?? {})),
  metric: (ctx, value) => byPackageAndName('metric', value, Object.values(ctx.manifest.metrics ?? {})),
  semantic_model: (ctx, value) => byPackageAndName('semantic_model', value, Object.values(ctx.manifest.semantic_models ?? {})),
  saved_query: (ctx, value) => byPackageAndName('saved_query', value, Object.values(ctx.manifest.saved_queries ?? {})),

  package: (ctx, value) => {
    const wanted = value === 'this' ? ctx.manifest.metadata.project_name : value;
    return ids(ctx.members.filter((member) => wildcardMatch(member.package_name, wanted)));
  },

  test_type: (ctx, value) => {
    const kinds: Record<string, ('generic' | 'singular')[]> = { generic: ['generic'], schema: ['generic'], singular: ['singular'], data: ['generic', 'singular'], unit: [] };
    const wanted = kinds[value];
    if (!wanted) throw new DailiesError('selection', `Invalid selector 'test_type:${value}': '${value}' is not a test type`, { hint: 'use test_type:generic, test_type:singular, test_type:data or test_type:unit' });
    if (value === 'unit') return ids(unitTestsOf(ctx));
    return ids(testsOf(ctx).filter((test) => wanted.includes(test.test_metadata ? 'generic' : 'singular')));
  },

  test_name: (ctx, value) =>
    ids(
      testsOf(ctx).filter((test) => {
        const meta = test.test_metadata;
        if (!meta) return false; // as in dbt: singular tests have no test name (select them by name instead)
        return wildcardMatch(meta.name, value) || (meta.namespace !== null && wildcardMatch(`${meta.namespace}.${meta.name}`, value));
      }),
    ),

  // a node's group (a generic test's: its model's) and a model's access, from its config (dbt keeps both there too)
  group: (ctx, value) =>
    ids(
      ctx.members.filter((member) => {
        // a generic test is in its model's group (its `group`), as dbt writes it
        const group = (member as { group?: unknown }).group ?? ('config' in member ? (member.config as { group?: unknown } | undefined)?.group : undefined);
        return typeof group === 'string' && wildcardMatch(group, value);
      }),
    ),

  access: (ctx, value) => {
    if (!['public', 'protected', 'private'].includes(value)) {
      throw new DailiesError('selection', `Invalid selector 'access:${value}': '${value}' is not an access level`, { hint: 'use access:public, access:protected or access:private' });
    }
    return ids(nodesOf(ctx).filter((node) => node.resource_type === 'model' && (node.config.access ?? 'protected') === value));
  },

  state: (ctx, value) => {
    if (!ctx.state && !ctx.changes) {
      throw new DailiesError('selection', `'state:${value}' needs a manifest to compare with`, {
        hint: 'pass --state DIR: the folder holding the manifest.json of the run to compare with (e.g. production)',
      });
    }
    if (!STATE_VALUES.includes(value)) {
      throw new DailiesError('selection', `Invalid selector 'state:${value}': '${value}' is not a state selector`, { hint: `use one of: ${STATE_VALUES.map((v) => `state:${v}`).join(', ')}` });
    }
    if (!ctx.changes) {
      ctx.changes = compareManifests(ctx.state!, ctx.manifest);
      ctx.stateNotes = [...ctx.changes.values()].flatMap((change) => (change.note ? [change.note] : []));
    }
    const present = new Set(ctx.members.map((member) => member.unique_id));
    const hit = (change: NodeChange): boolean => {
      if (value === 'new') return change.status === 'new';
      if (value === 'old') return change.status !== 'new';
      if (value === 'unmodified') return change.status === 'unchanged';
      if (change.status === 'new') return true;
      if (change.status !== 'modified') return false;
      if (value === 'modified') return true;
      if (value === 'modified.body') return change.reasons.includes('body') || change.reasons.includes('seed_contents');
      if (value === 'modified.configs') return change.reasons.includes('config');
      if (value === 'modified.macros') return change.reasons.includes('macros');
      return change.reasons.includes('contract');
    };
    const unitTests = ctx.state ? unitTestsOf(ctx).map((test): [string, NodeChange] => [test.unique_id, unitTestChange(ctx.state!, test)]) : [];
    return [...ctx.changes, ...unitTests].filter(([id, change]) => present.has(id) && hit(change)).map(([id]) => id);
  },
};

/** A unit test against the state manifest, by dbt's checksum (its same_contents): new, or its body changed. */
function unitTestChange(state: Manifest, test: UnitTestDefinition): NodeChange {
  const before = state.unit_tests?.[test.unique_id];
  if (!before) return { status: 'new', reasons: [] };
  return before.checksum === test.checksum ? { status: 'unchanged', reasons: [] } : { status: 'modified', reasons: ['body'] };
}

/** dbt's exposure/metric/semantic_model/saved_query methods: `<name>` or `<package>.<name>`, wildcards allowed. */
function byPackageAndName(method: string, value: string, members: { unique_id: string; package_name: string; name: string }[]): string[] {
  const parts = value.split('.');
  if (parts.length > 2) {
    throw new DailiesError('selection', `Invalid selector '${method}:${value}': too many parts`, { hint: `write \`${method}:<name>\` or \`${method}:<package>.<name>\`` });
  }
  const [pkg, name] = parts.length === 2 ? parts : ['*', parts[0]];
  return ids(members.filter((member) => wildcardMatch(member.package_name, pkg) && wildcardMatch(member.name, name)));
}

function isVersioned(node: ManifestNode): boolean {
  return node.resource_type === 'model' && node.version !== null && node.version !== undefined && node.version !== '';
}

function hasLatest(node: ManifestNode): boolean {
  return node.latest_version !== null && node.latest_version !== undefined && node.latest_version !== '';
}

function ids(members: { unique_id: string }[]): string[] {
  return members.map((member) => member.unique_id);
}

function nodesOf(ctx: MethodContext): ManifestNode[] {
  return ctx.members.filter((member): member is ManifestNode => member.unique_id in ctx.manifest.nodes);
}

function semanticOf(ctx: MethodContext): SemanticMember[] {
  return ctx.members.filter((member): member is SemanticMember => member.resource_type === 'metric' || member.resource_type === 'semantic_model' || member.resource_type === 'saved_query');
}

function unitTestsOf(ctx: MethodContext): UnitTestDefinition[] {
  return ctx.members.filter((member): member is UnitTestDefinition => member.resource_type === 'unit_test');
}

function testsOf(ctx: MethodContext): ManifestNode[] {
  return nodesOf(ctx).filter((node) => node.resource_type === 'test');
}

function tagsOf(member: GraphMember): string[] {
  const config = 'config' in member ? (member.config as { tags?: unknown } | undefined) : undefined;
  const configTags = Array.isArray(config?.tags) ? (config.tags as string[]) : [];
  return [...('tags' in member ? (member.tags ?? []) : []), ...configTags];
}

/**
 * dbt's `is_selected_node`, tried on the fqn and on the fqn without its package; a dotless
 * wildcard (`stg_*`) also matches the node's name.
 */
export function fqnMatches(fqn: string[], selector: string, versioned = false): boolean {
  // a version's fqn ends `…, name, v2`: `name` selects every version, `name.v2` / `name_v2` one
  if (versioned && fqn.length >= 2) {
    if (fqn[fqn.length - 2] === selector) return true;
    if (fqn.slice(-2).join('_') === selector.split('.').slice(-2).join('_')) return true;
  }
  // a dotless wildcard matches the name (a version's fqn ends with the version tag: the name is before it)
  if (!selector.includes('.') && hasWildcard(selector) && wildcardMatch(fqn[fqn.length - (versioned ? 2 : 1)] ?? '', selector)) return true;
  return fqnPrefixMatches(fqn, selector, versioned) || fqnPrefixMatches(fqn.slice(1), selector, versioned);
}

function fqnPrefixMatches(fqn: string[], selector: string, versioned: boolean): boolean {
  if (fqn.length === 0) return false;
  if (!versioned && fqn[fqn.length - 1] === selector) return true;
  if (!selector.includes('.') && !hasWildcard(selector) && !fqn[0].includes('.')) return fqn[0] === selector;
  const flat = fqn.flatMap((segment) => segment.split('.'));
  const parts = selector.split('.');
  if (flat.length < parts.length) return false;
  for (let i = 0; i < parts.length; i++) {
    if (hasWildcard(parts[i])) return wildcardMatch(flat.slice(i).join('.'), parts.slice(i).join('.'));
    if (flat[i] !== parts[i]) return false;
  }
  return true;
}

/** A file path matches when it, or a folder above it, matches the (possibly wildcard) path. */
function pathMatches(file: string, wanted: string): boolean {
  if (wanted === '' || wanted === '.') return true;
  const segments = file.split('/');
  for (let i = segments.length; i > 0; i--) {
    if (wildcardMatch(segments.slice(0, i).join('/'), wanted)) return true;
  }
  return false;
}

function descend(config: unknown, keys: string[]): unknown {
  let value = config;
  for (const key of keys) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function configMatches(value: unknown, selector: string): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => typeof item !== 'object' && wildcardMatch(String(item), selector));
  if (typeof value === 'boolean') return String(value) === selector.toLowerCase();
  if (typeof value === 'object') return false;
  return wildcardMatch(String(value), selector);
}
