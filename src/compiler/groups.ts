/**
 * dbt's groups and model access: `groups:` into the manifest (`groups`, `group_map`), a `group:`
 * config naming no group is dbt's error, and a ref to a private model from outside its group — or to
 * a protected model of a package with `restrict-access: true` from another package — is dbt's
 * reference error, at the line of the ref.
 */
import { DailiesError } from '../errors.js';
import type { ManifestNode } from '../graph/types.js';
import type { CompileState, NodeDraft } from './compile-state.js';
import { packageRelative } from './package-paths.js';
import { lineOfCall } from './source-lines.js';

export function buildGroups(state: CompileState): void {
  for (const pkg of state.project.packages) {
    for (const group of pkg.properties.groups) {
      const yamlPath = packageRelative(state, pkg, group.place.file);
      const uniqueId = `group.${pkg.name}.${group.name}`;
      const meta = group.config.meta;
      (state.manifest.groups as Record<string, unknown>)[uniqueId] = {
        name: group.name,
        resource_type: 'group',
        package_name: pkg.name,
        path: yamlPath.replace(/^[^/]+\//, ''),
        original_file_path: yamlPath,
        unique_id: uniqueId,
        owner: group.owner,
        description: group.description,
        config: { meta: meta !== null && typeof meta === 'object' ? meta : {} },
      };
    }
  }
}

/** The node's group: its `group` (a generic test takes its model's), else its config's. */
function groupOf(node: ManifestNode): string | null {
  const group = (node as { group?: unknown }).group ?? node.config.group;
  return typeof group === 'string' && group !== '' ? group : null;
}

/** Every node's group exists; refs respect access; `group_map` (group → its nodes, tests included). */
export function checkGroupsAndAccess(state: CompileState, drafts: NodeDraft[]): void {
  const names = new Set(Object.values(state.manifest.groups as Record<string, { name: string }>).map((group) => group.name));
  const groupMap: Record<string, string[]> = {};
  for (const draft of drafts) {
    const group = groupOf(draft.node);
    if (group === null) continue;
    if (!names.has(group)) {
      throw new DailiesError('config', `Invalid group '${group}', expected one of [${[...names].sort().map((name) => `'${name}'`).join(', ')}]`, {
        place: { file: draft.placeFile, line: draft.templateLine },
        hint: 'declare the group under `groups:` in a property file (with an owner), or fix the `group:` config',
      });
    }
    (groupMap[group] ??= []).push(draft.node.unique_id);
  }
  // most projects have no private model and no restricted package: then no ref can break access
  const restrictedPackage = state.project.packages.some((pkg) => pkg.config.restrictAccess);
  const privateModel = drafts.some((draft) => draft.kind === 'model' && draft.node.config.access === 'private');
  for (const draft of restrictedPackage || privateModel ? drafts : []) {
    for (const ref of draft.node.refs) {
      const target = state.manifest.nodes[state.resolveRef(draft, ref)];
      if (target?.resource_type !== 'model') continue;
      const access = String(target.config.access ?? 'protected');
      const privateRef = access === 'private' && (groupOf(draft.node) === null || groupOf(draft.node) !== groupOf(target) || (draft.node.package_name !== target.package_name && restricted(state, target)));
      const protectedRef = access === 'protected' && draft.node.package_name !== target.package_name && restricted(state, target);
      if (!privateRef && !protectedRef) continue;
      const [scope, kind] = privateRef ? [groupOf(target) ?? 'None', 'group'] : [target.package_name, 'package'];
      throw new DailiesError('ref', `Node ${draft.node.unique_id} attempted to reference node ${target.unique_id}, which is not allowed because the referenced node is ${access} to the '${scope}' ${kind}.`, {
        place: { file: draft.placeFile, line: lineOfCall(draft.template, 'ref', ref.name, draft.templateLine) },
        hint: privateRef ? `put ${draft.node.name} in the '${scope}' group, or make ${target.name} protected or public (access:)` : `make ${target.name} public (access: public) in its package`,
      });
    }
  }
  for (const ids of Object.values(groupMap)) ids.sort();
  state.manifest.group_map = groupMap;
}

function restricted(state: CompileState, target: ManifestNode): boolean {
  return state.project.packages.find((pkg) => pkg.name === target.package_name)?.config.restrictAccess === true;
}
