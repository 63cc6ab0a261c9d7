/**
 * `metric('name')` / `metric('package', 'name')` in a model's (or test's, snapshot's …) SQL, as
 * dbt-core 1.11 has it: while parsing, each call is recorded in the node's `metrics`; once the
 * semantic layer is built each one must name an enabled metric, which joins the node's
 * `depends_on.nodes`; when the node is rendered for real, the call returns the metric (its fields
 * readable, `{{ metric('x') }}` printing its name).
 */
import { DailiesError } from '../../errors.js';
import type { MetricNode } from '../../graph/semantic-types.js';
import type { CompileState, NodeDraft } from '../compile-state.js';
import { callArguments } from '../jinja/index.js';

/** The metric a call returns when the node is rendered for real: the metric's fields, printed as its name (dbt's ResolvedMetricReference). */
export class MetricReference {
  constructor(node: MetricNode) {
    Object.assign(this, node);
  }

  toString(): string {
    return (this as unknown as MetricNode).name;
  }
}

/** What a parse-time call returns (dbt's MetricReference: printed as the name). */
class ParsedMetricReference {
  constructor(
    readonly metric_name: string,
    readonly package_name: string | null,
  ) {}

  toString(): string {
    return this.metric_name;
  }
}

function callOf(args: unknown[]): string[] {
  const { positional } = callArguments(args);
  if (positional.length < 1 || positional.length > 2) throw new DailiesError('compile', `metric() takes 1 or 2 arguments (${positional.length} given)`, { hint: "Write metric('name') or metric('package', 'name')." });
  for (const value of positional) {
    if (typeof value !== 'string') throw new DailiesError('compile', `The name argument to metric() must be a string, got ${value === null ? 'NoneType' : typeof value}`, { hint: "Write metric('name')." });
  }
  return positional as string[];
}

/** dbt's Manifest.resolve_metric: the named package, else the root project, then the node's package, then any. */
function resolveMetric(state: CompileState, call: string[], fromPackage: string): { metric?: MetricNode; disabled: boolean } {
  const [pkg, name] = call.length === 2 ? call : [null, call[0]];
  const named = Object.values(state.manifest.metrics).filter((metric) => metric.name === name);
  const root = state.project.rootPackage.name;
  const order = pkg !== null ? [pkg] : [root, fromPackage, null];
  for (const want of order) {
    const found = named.find((metric) => want === null || metric.package_name === want);
    if (found) return { metric: found, disabled: false };
  }
  const disabled = Object.values(state.manifest.disabled)
    .flat()
    .some((entry) => {
      const member = entry as { resource_type?: string; name?: string; package_name?: string };
      return member.resource_type === 'metric' && member.name === name && (pkg === null || member.package_name === pkg);
    });
  return { disabled };
}

function notFound(draft: NodeDraft, call: string[], disabled: boolean): DailiesError {
  const kind = draft.node.resource_type.charAt(0).toUpperCase() + draft.node.resource_type.slice(1);
  const name = call.join('.');
  return new DailiesError('ref', `${kind} '${draft.node.unique_id}' (${draft.node.original_file_path}) depends on a metric named '${name}' which ${disabled ? 'is disabled' : 'was not found'}`, {
    place: { file: draft.placeFile, line: draft.templateLine },
    hint: disabled ? `Enable metric "${name}" or stop calling it.` : 'Name a metric declared under `metrics:`.',
  });
}

/** The `metric` global of a node's template. `draft` is null for on-run-start/-end hooks. */
export function metricGlobal(state: CompileState, draft: NodeDraft | null, parsing: boolean, markVolatile: () => void): (...args: unknown[]) => unknown {
  return (...args: unknown[]): unknown => {
    const call = callOf(args);
    if (parsing) {
      // the parse memo does not keep `metrics`: a node calling metric() is rendered on every parse
      markVolatile();
      if (draft) {
        (draft.node.metrics ??= []).push(call);
        // the parse render cannot read the metric's fields: the node is rendered again once it is known
        draft.needsRerender = true;
      }
      return new ParsedMetricReference(call[call.length - 1], call.length === 2 ? call[0] : null);
    }
    const found = resolveMetric(state, call, draft?.pkg.name ?? state.project.rootPackage.name);
    if (!found.metric) {
      if (draft) throw notFound(draft, call, found.disabled);
      throw new DailiesError('ref', `metric '${call.join('.')}' was not found`, { hint: 'Name a metric declared under `metrics:`.' });
    }
    return new MetricReference(found.metric);
  };
}

/** After the semantic layer is built: each node's metric() calls resolved into its depends_on (dbt's `_process_metrics_for_node`). */
export function linkNodeMetrics(state: CompileState): void {
  for (const draft of state.drafts.values()) {
    const calls = draft.node.metrics;
    if (!calls || calls.length === 0) continue;
    for (const call of calls) {
      const found = resolveMetric(state, call, draft.pkg.name);
      if (!found.metric) throw notFound(draft, call, found.disabled);
      if (!draft.node.depends_on.nodes.includes(found.metric.unique_id)) draft.node.depends_on.nodes.push(found.metric.unique_id);
    }
  }
}
