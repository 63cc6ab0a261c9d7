/**
 * `metrics:` into the manifest as dbt-core 1.11 writes them, then dbt's metric processing: each
 * metric's `input_measures` (its own measures, or those of the metrics it is built from) and
 * `depends_on` (the semantic models holding its measures, or its input metrics).
 */
import { DailiesError } from '../../errors.js';
import type { MetricNode, SemanticModelNode } from '../../graph/semantic-types.js';
import type { MetricInputMeasure, MetricProperties } from '../../project/semantic/types.js';
import { folderConfig } from '../../project/index.js';
import type { LoadedPackage } from '../../project/types.js';
import type { CompileState } from '../compile-state.js';
import { mergeLayers } from '../node-config.js';
import { resourceFolders } from '../package-paths.js';
import { pickByPackage, semanticConfig, yamlPaths } from './common.js';

export function buildMetric(state: CompileState, pkg: LoadedPackage, props: MetricProperties): void {
  const { path, originalFilePath } = yamlPaths(state, pkg, props.place.file);
  const uniqueId = `metric.${pkg.name}.${props.name}`;
  const fqn = [pkg.name, ...resourceFolders(pkg.config.modelPaths, originalFilePath), props.name];
  const folder = folderConfig(state.project, pkg, 'metrics', fqn);
  const written = mergeLayers(folder, props.config);
  const config = semanticConfig(written);
  const node: MetricNode = {
    name: props.name,
    resource_type: 'metric',
    package_name: pkg.name,
    path,
    original_file_path: originalFilePath,
    unique_id: uniqueId,
    fqn,
    description: props.description,
    label: props.label,
    type: props.type,
    type_params: structuredClone(props.typeParams),
    filter: props.filter,
    metadata: null,
    time_granularity: props.timeGranularity,
    // dbt copies a non-empty config meta over the metric's own (for older node-level meta)
    meta: Object.keys(config.meta).length > 0 ? config.meta : props.meta,
    tags: props.tags,
    config: { enabled: config.enabled, group: config.group, meta: config.meta, ...config.extra },
    // dbt's unrendered config takes each written key over the project's whole (meta is not merged)
    unrendered_config: { ...folder, ...props.config },
    sources: [],
    depends_on: { macros: [], nodes: [] },
    refs: [],
    metrics: [],
    group: config.group,
    dailies: { place: props.place },
  };
  const other = state.manifest.metrics[uniqueId];
  if (other) {
    // a measure's `create_metric: true` named like a metric of the package
    throw new DailiesError('yaml', `dbt found two metrics with the name "${props.name}" (${other.original_file_path} and ${originalFilePath})`, {
      place: props.place,
      hint: 'Rename the metric, or drop `create_metric: true` from the measure of the same name.',
    });
  }
  if (config.enabled) state.manifest.metrics[uniqueId] = node;
  else (state.manifest.disabled[uniqueId] ??= []).push(node);
}

function sameMeasure(a: MetricInputMeasure, b: MetricInputMeasure): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function addNode(metric: MetricNode, id: string): void {
  if (!metric.depends_on.nodes.includes(id)) metric.depends_on.nodes.push(id);
}

class MetricProcessor {
  private readonly byMeasure = new Map<string, SemanticModelNode[]>();
  private readonly disabledByMeasure = new Map<string, SemanticModelNode>();
  private readonly byName = new Map<string, MetricNode[]>();
  private readonly disabledNames = new Set<string>();

  constructor(private readonly state: CompileState) {
    for (const model of Object.values(state.manifest.semantic_models)) {
      for (const measure of model.measures) {
        const list = this.byMeasure.get(measure.name) ?? [];
        list.push(model);
        this.byMeasure.set(measure.name, list);
      }
    }
    for (const metric of Object.values(state.manifest.metrics)) {
      const list = this.byName.get(metric.name) ?? [];
      list.push(metric);
      this.byName.set(metric.name, list);
    }
    for (const entries of Object.values(state.manifest.disabled)) {
      for (const entry of entries as { resource_type?: string; name?: string; measures?: { name: string }[] }[]) {
        if (entry.resource_type === 'metric' && entry.name) this.disabledNames.add(entry.name);
        if (entry.resource_type === 'semantic_model') for (const measure of entry.measures ?? []) this.disabledByMeasure.set(measure.name, entry as SemanticModelNode);
      }
    }
  }

  private fail(metric: MetricNode, message: string, hint: string): never {
    throw new DailiesError('ref', `${message} (in metric ${metric.name}, ${metric.original_file_path})`, { place: metric.dailies.place, hint });
  }

  /** dbt's `_process_metric_depends_on`. */
  private dependOnMeasures(metric: MetricNode): void {
    for (const input of metric.type_params.input_measures) {
      const model = pickByPackage(this.byMeasure.get(input.name) ?? [], metric.package_name, this.state.project.rootPackage.name);
      if (!model) {
        const disabled = this.disabledByMeasure.get(input.name);
        if (disabled) this.fail(metric, `The measure \`${input.name}\` is referenced on disabled semantic model \`${disabled.name}\`.`, `Enable semantic model "${disabled.name}" or use another measure.`);
        this.fail(metric, `A semantic model having a measure \`${input.name}\` does not exist but was referenced.`, 'Name a measure declared under `measures:` of a semantic model.');
      }
      addNode(metric, model.unique_id);
    }
  }

  /** dbt's `_process_metric_node`: fills input_measures and depends_on (inputs first, recursively). */
  process(metric: MetricNode, visiting = new Set<string>()): void {
    const params = metric.type_params;
    if (params.input_measures.length > 0) return;
    if (visiting.has(metric.unique_id)) this.fail(metric, `Metric \`${metric.name}\` is built from itself`, 'Remove the cycle between the metrics it is built from.');
    visiting.add(metric.unique_id);
    const addInput = (measure: MetricInputMeasure): void => {
      if (!params.input_measures.some((existing) => sameMeasure(existing, measure))) params.input_measures.push(measure);
    };
    if (metric.type === 'simple' || metric.type === 'cumulative') {
      if (!params.measure) this.fail(metric, `${metric.name} should have a measure defined, but it does not.`, 'Write `type_params: {measure: my_measure}`.');
      addInput(params.measure);
      this.dependOnMeasures(metric);
    } else if (metric.type === 'conversion') {
      const conversion = params.conversion_type_params;
      if (!conversion) this.fail(metric, `${metric.name} is a conversion metric and must have conversion_type_params defined.`, 'Write `type_params: {conversion_type_params: {base_measure: …, conversion_measure: …, entity: …}}`.');
      addInput(conversion.base_measure);
      addInput(conversion.conversion_measure);
      this.dependOnMeasures(metric);
    } else {
      let inputs = params.metrics;
      if (metric.type === 'ratio') {
        if (!params.numerator || !params.denominator) this.fail(metric, 'Invalid ratio metric. Both a numerator and denominator must be specified', 'Write `numerator:` and `denominator:` under `type_params:`.');
        inputs = [params.numerator, params.denominator];
      }
      for (const input of inputs) {
        const target = pickByPackage(this.byName.get(input.name) ?? [], metric.package_name, this.state.project.rootPackage.name);
        if (!target) {
          if (this.disabledNames.has(input.name)) this.fail(metric, `The metric \`${input.name}\` is disabled and thus cannot be referenced.`, `Enable metric "${input.name}" or remove it from \`${metric.name}\`.`);
          this.fail(metric, `The metric \`${input.name}\` does not exist but was referenced by metric \`${metric.name}\`.`, 'Name a metric declared under `metrics:`.');
        }
        this.process(target, visiting);
        for (const measure of target.type_params.input_measures) addInput(measure);
        addNode(metric, target.unique_id);
      }
    }
    visiting.delete(metric.unique_id);
  }
}

/** Fills every enabled metric's input_measures and depends_on, as dbt's `process_metrics` does. */
export function processMetrics(state: CompileState): void {
  const processor = new MetricProcessor(state);
  for (const metric of Object.values(state.manifest.metrics)) processor.process(metric);
}
