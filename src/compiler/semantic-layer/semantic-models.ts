/**
 * `semantic_models:` into the manifest as dbt-core 1.11 writes them: `model: ref('x')` resolved to
 * `depends_on` and `node_relation`, the model's config `meta` merged into each entity, dimension
 * and measure, and a simple metric for each measure with `create_metric: true`.
 */
import { DailiesError } from '../../errors.js';
import type { SemanticModelNode } from '../../graph/semantic-types.js';
import type { NodeRef } from '../../graph/types.js';
import { folderConfig } from '../../project/index.js';
import type { LoadedPackage } from '../../project/types.js';
import type { MetricProperties, SemanticModelProperties } from '../../project/semantic/types.js';
import type { CompileState } from '../compile-state.js';
import { mergeLayers } from '../node-config.js';
import { resourceFolders } from '../package-paths.js';
import { semanticConfig, yamlPaths } from './common.js';

const REF = /^\s*ref\s*\(([^)]*)\)\s*$/;

/** `ref('x')`, `ref('pkg', 'x')`, `ref('x', v=2)` as written in `model:`. */
function parseModelRef(text: string, props: SemanticModelProperties): NodeRef {
  const match = REF.exec(text);
  const strings = match ? [...match[1].replace(/\b(v|version)\s*=\s*[^,)]*/g, '').matchAll(/['"]([^'"]*)['"]/g)].map((found) => found[1]) : [];
  if (!match || strings.length === 0 || strings.length > 2) {
    throw new DailiesError('yaml', `\`model: ${text}\` of semantic model "${props.name}" is not a ref`, {
      place: props.modelPlace,
      hint: "Write `model: ref('my_model')` (without `{{ }}`).",
    });
  }
  const versionText = match[1].match(/\b(?:v|version)\s*=\s*['"]?([^'",)\s]+)/)?.[1];
  const version = versionText === undefined ? null : /^\d+$/.test(versionText) ? Number(versionText) : versionText;
  return strings.length === 2 ? { name: strings[1], package: strings[0], version } : { name: strings[0], package: null, version };
}

function resolveModel(state: CompileState, pkg: LoadedPackage, props: SemanticModelProperties, uniqueId: string, ref: NodeRef): string {
  // as dbt-core 1.11 resolves a package's refs by default: the root project's node, then the package's own, then any
  const named = (pkgName: string): boolean => ['model', 'seed', 'snapshot'].some((kind) => `${kind}.${pkgName}.${ref.name}` in state.manifest.nodes);
  const own = ref.package === null && !named(state.project.rootPackage.name) && named(pkg.name);
  try {
    return state.resolveRef(null, own ? { ...ref, package: pkg.name } : ref);
  } catch (error) {
    if (!(error instanceof DailiesError)) throw error;
    const named = ref.package ? `${ref.package}.${ref.name}` : ref.name;
    const why = error.message.includes('which is disabled') ? 'is disabled' : 'was not found';
    throw new DailiesError('ref', `Semantic_Model '${uniqueId}' (${props.place.file}) depends on a node named '${named}' which ${why}`, {
      place: props.modelPlace,
      hint: error.hint ?? 'Name a model of the project in `model: ref(…)`.',
    });
  }
}

export function buildSemanticModel(state: CompileState, pkg: LoadedPackage, props: SemanticModelProperties, createdMetrics: MetricProperties[]): void {
  const { path, originalFilePath } = yamlPaths(state, pkg, props.place.file);
  const uniqueId = `semantic_model.${pkg.name}.${props.name}`;
  const fqn = [pkg.name, ...resourceFolders(pkg.config.modelPaths, originalFilePath), props.name];
  const folder = folderConfig(state.project, pkg, 'semantic-models', fqn);
  const written = mergeLayers(folder, props.config);
  const config = semanticConfig(written);
  const withMeta = <T extends { config: { meta: Record<string, unknown> } }>(element: T): T => ({ ...element, config: { meta: { ...config.meta, ...element.config.meta } } });
  const ref = parseModelRef(props.model, props);
  const node: SemanticModelNode = {
    name: props.name,
    resource_type: 'semantic_model',
    package_name: pkg.name,
    path,
    original_file_path: originalFilePath,
    unique_id: uniqueId,
    fqn,
    model: props.model,
    node_relation: null,
    description: props.description,
    label: props.label,
    defaults: props.defaults,
    entities: props.entities.map(withMeta),
    // dbt writes `create_metric: false` whatever the YAML says (the metric it creates is the record)
    measures: props.measures.map((measure) => withMeta({ ...measure, create_metric: false })),
    dimensions: props.dimensions.map(withMeta),
    metadata: null,
    depends_on: { macros: [], nodes: [] },
    refs: [ref],
    config: { enabled: config.enabled, group: config.group, meta: config.meta },
    // dbt 1.11 leaves dbt_project.yml's `semantic-models:` out of a semantic model's unrendered config
    unrendered_config: props.config,
    primary_entity: props.primaryEntity,
    group: config.group,
    dailies: { place: props.place },
  };
  if (config.enabled) {
    const target = resolveModel(state, pkg, props, uniqueId, ref);
    node.depends_on.nodes.push(target);
    const model = state.manifest.nodes[target];
    if (model) node.node_relation = { alias: model.alias, schema_name: model.schema, database: model.database ?? null, relation_name: model.relation_name ?? null };
    state.manifest.semantic_models[uniqueId] = node;
  } else {
    (state.manifest.disabled[uniqueId] ??= []).push(node);
  }
  props.measures.forEach((measure, index) => {
    if (!measure.create_metric) return;
    createdMetrics.push({
      name: measure.name,
      packageName: pkg.name,
      description: measure.description ?? `Metric created from measure ${measure.name}`,
      label: measure.label ?? measure.name,
      type: 'simple',
      typeParams: {
        measure: { name: measure.name, filter: null, alias: null, join_to_timespine: false, fill_nulls_with: null },
        input_measures: [],
        numerator: null,
        denominator: null,
        expr: measure.expr ?? measure.name,
        window: null,
        grain_to_date: null,
        metrics: [],
        conversion_type_params: null,
        cumulative_type_params: null,
        metric_aggregation_params: null,
      },
      filter: null,
      timeGranularity: null,
      meta: {},
      tags: [],
      config: { enabled: config.enabled, meta: config.meta },
      place: props.measurePlaces[index] ?? props.place,
      generatedFrom: props.name,
    });
  });
}
