/**
 * What state comparison looks at in a semantic model, metric or saved query: the fields dbt-core
 * 1.11's `same_contents` compares for each (group, tags of metrics and metadata are not changes).
 */
import { stableStringify } from './fingerprint.js';
import type { SemanticMember } from './semantic-types.js';

function withoutGroup(config: Record<string, unknown> | undefined): Record<string, unknown> {
  const { group: _group, ...rest } = config ?? {};
  return rest;
}

export function semanticFingerprint(member: SemanticMember): string {
  switch (member.resource_type) {
    case 'semantic_model':
      return stableStringify({
        model: member.model,
        description: member.description ?? null,
        defaults: member.defaults ?? null,
        entities: member.entities ?? [],
        dimensions: member.dimensions ?? [],
        measures: member.measures ?? [],
        config: member.config ?? {},
        primary_entity: member.primary_entity ?? null,
        group: member.group ?? null,
      });
    case 'metric':
      // dbt compares type, description, label and config (filter and type_params are a TODO there)
      return stableStringify({ type: member.type, description: member.description, label: member.label, config: withoutGroup(member.config) });
    case 'saved_query':
      return stableStringify({
        metrics: member.query_params?.metrics ?? [],
        group_by: member.query_params?.group_by ?? [],
        where: member.query_params?.where ?? null,
        description: member.description ?? null,
        label: member.label ?? null,
        config: member.config ?? {},
        group: member.group ?? null,
        exports: (member.exports ?? []).map((item) => [item.name, item.unrendered_config?.export_as ?? null, item.unrendered_config?.schema ?? null, item.unrendered_config?.alias ?? null]),
        tags: member.tags ?? [],
      });
  }
}
