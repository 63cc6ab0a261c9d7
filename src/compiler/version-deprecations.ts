/**
 * dbt's parse-time warnings about models' `deprecation_date`: a model past its date, and each model
 * that refers to a model with one (past: "was deprecated on"; to come: "is slated for deprecation
 * on"), pointing at the latest version when the model has versions.
 */
import type { Manifest, ManifestNode } from '../graph/types.js';

function displayName(node: ManifestNode): string {
  return node.version === null || node.version === undefined ? node.name : `${node.name}.v${String(node.version)}`;
}

export function deprecationWarnings(manifest: Manifest, now: number = Date.now()): string[] {
  const warnings: string[] = [];
  const past = (node: ManifestNode): boolean => Date.parse(node.deprecation_date!) < now;
  // most projects deprecate nothing: one look at each node, and done
  const deprecated = new Set<string>();
  for (const id in manifest.nodes) {
    const node = manifest.nodes[id]!;
    if (node.resource_type !== 'model' || !node.deprecation_date) continue;
    deprecated.add(id);
    if (past(node)) warnings.push(`Model ${displayName(node)} has passed its deprecation date of ${node.deprecation_date}. This model should be disabled or removed.`);
  }
  if (deprecated.size === 0) return warnings;
  for (const model of Object.values(manifest.nodes)) {
    if (model.resource_type !== 'model') continue;
    for (const parentId of new Set(model.depends_on.nodes)) {
      if (!deprecated.has(parentId)) continue;
      const parent = manifest.nodes[parentId]!;
      const [when, offer] = past(parent) ? [`was deprecated on`, 'Migrate now'] : ['is slated for deprecation on', 'Try it out'];
      const latest = parent.latest_version === null || parent.latest_version === undefined ? '' : String(parent.latest_version);
      const newer = latest === '' ? '' : `A new version of '${parent.name}' is available. ${offer}: {{ ref('${parent.package_name}', '${parent.name}', v='${latest}') }}.`;
      warnings.push(`While compiling '${model.name}': Found a reference to ${displayName(parent)}, which ${when} '${parent.deprecation_date}'. ${newer}`);
    }
  }
  return warnings;
}
