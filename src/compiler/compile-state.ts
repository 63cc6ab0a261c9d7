/**
 * What the compiler knows while it works: the drafts of every node, the lookup indexes for
 * ref()/source(), and the one function that turns a ref into a relation (so deferral and
 * ephemeral CTE names live in one place).
 */
import type { DocNode, ManifestNode, Manifest, NodeRef } from '../graph/types.js';
import type { LoadedPackage, NodeProperties, Project } from '../project/types.js';
import { nodeRelation, sourceRelation } from '../graph/node-relation.js';
import type { CompileOptions } from './api.js';
import type { JinjaEnvironment, RenderTracker } from './jinja/types.js';
import type { DraftTracker } from './draft-tracker.js';
import type { Dialect } from '../warehouse/dialect.js';
import { DailiesError } from '../errors.js';
import { TemplateRelation } from './relations.js';
import type { ConfigLayer, NodeKind } from './node-config.js';
import { closestName, lineOfCall } from './source-lines.js';
import type { ReadsHolder, RenderReads } from './partial/reads.js';

/** What a placeholder in a parse render's output stands for. */
export type PendingTarget = { kind: 'ref'; ref: NodeRef } | { kind: 'source'; source: [string, string] } | { kind: 'this' };

export interface NodeDraft {
  node: ManifestNode;
  kind: NodeKind;
  pkg: LoadedPackage;
  /** The template rendered for this node ('' for seeds). */
  template: string;
  /** File named in errors (relative to the project root). */
  placeFile: string;
  /** Line in placeFile where `template` starts. */
  templateLine: number;
  /** folder config → YAML config (defaults are applied by finalizeConfig). */
  baseConfig: ConfigLayer;
  /** What in-file `config(...)` calls set. */
  inFileConfig: ConfigLayer;
  /** The `config(...)` calls' arguments as given, one over the other (dbt's config call dict, for `unrendered_config`). */
  configCalls: Record<string, unknown>;
  /** The YAML `config:` as written (a generic test: its own config), for `unrendered_config`. */
  yamlConfig: Record<string, unknown>;
  props?: NodeProperties;
  pending: PendingTarget[];
  /** Placeholder tokens a parse render printed (each must reach the output, else the SQL was derived from it). */
  printedTokens: Set<string>;
  parseOutput: string | null;
  needsRerender: boolean;
  tracker: DraftTracker;
  /** dbt's `depends_on.macros`: the macros the node's parse render called itself, in call order. */
  directMacros: string[];
  /** Generic tests render by calling their macro instead of a template. */
  renderTest?: (globals: Record<string, unknown>, tracker: RenderTracker) => string;
  /** The test's `model` kwarg resolves to this node or source. */
  testTarget?: string;
  /** Config keys a generic test's YAML definition sets itself (they win over its macro's `config()`). */
  testDefinitionConfig?: Set<string>;
}

export class CompileState implements ReadsHolder {
  /** What the parse render under way reads (set by the partial-parse memo, see partial/). */
  reads: RenderReads | undefined = undefined;
  readonly drafts = new Map<string, NodeDraft>();
  /** The macro-to-macro calls of every generic test's renders (one map: see draft-tracker.ts). */
  readonly testMacroCalls = new Map<string, Set<string>>();
  /** name → package → unique_id, for models, seeds and snapshots. */
  private readonly refable = new Map<string, Map<string, string>>();
  /** Versioned models: name → package → version (as text) → unique_id. */
  private readonly versions = new Map<string, Map<string, Map<string, string>>>();
  private readonly disabledRefable = new Map<string, string>();
  /** `source.table` → package → unique_id. */
  private readonly sourceIndex = new Map<string, Map<string, string>>();
  /** Doc blocks by name. */
  readonly docIndex = new Map<string, DocNode[]>();
  readonly targetSchema: string;
  readonly targetDatabase: string | null;
  /** What compiling found worth a warning (dbt's deprecations and semantic validation warnings), one line each. */
  readonly warnings: string[] = [];

  constructor(
    readonly project: Project,
    readonly env: JinjaEnvironment,
    readonly dialect: Dialect,
    readonly options: CompileOptions,
    readonly manifest: Manifest,
  ) {
    this.targetSchema = options.schemaOverride ?? project.target.schema;
    // DuckDB: the catalog named after the file (the adapter's current_database() when connected), as dbt-duckdb names it
    this.targetDatabase = project.target.database ?? options.adapter?.defaultDatabase ?? dialect.defaultDatabase(project.target);
  }

  /** A ref without a version names an unversioned node or a versioned model's latest version. */
  addRefable(draft: NodeDraft): void {
    const { name, package_name: pkg, unique_id: id, version, latest_version: latest } = draft.node;
    if (version !== undefined && version !== null) {
      let byPackage = this.versions.get(name);
      if (!byPackage) this.versions.set(name, (byPackage = new Map()));
      let byVersion = byPackage.get(pkg);
      if (!byVersion) byPackage.set(pkg, (byVersion = new Map()));
      byVersion.set(String(version), id);
      if (String(version) !== String(latest)) return;
    }
    let byPackage = this.refable.get(name);
    if (!byPackage) this.refable.set(name, (byPackage = new Map()));
    byPackage.set(pkg, id);
  }

  private pickVersion(ref: NodeRef, fromPkg: string | null): string | undefined {
    const byPackage = this.versions.get(ref.name);
    if (!byPackage) return undefined;
    const ids = new Map<string, string>();
    for (const [pkg, byVersion] of byPackage) {
      const id = byVersion.get(String(ref.version));
      if (id) ids.set(pkg, id);
    }
    return this.pick(ids, ref.package, fromPkg);
  }

  addDisabled(name: string, file: string): void {
    this.disabledRefable.set(name, file);
  }

  addSource(sourceName: string, tableName: string, pkg: string, uniqueId: string): void {
    const key = `${sourceName}.${tableName}`;
    let byPackage = this.sourceIndex.get(key);
    if (!byPackage) this.sourceIndex.set(key, (byPackage = new Map()));
    byPackage.set(pkg, uniqueId);
  }

  private pick(byPackage: Map<string, string> | undefined, pkg: string | null, fromPkg: string | null): string | undefined {
    if (!byPackage) return undefined;
    if (pkg) return byPackage.get(pkg);
    if (fromPkg && byPackage.has(fromPkg)) return byPackage.get(fromPkg);
    const root = this.project.rootPackage.name;
    if (byPackage.has(root)) return byPackage.get(root);
    return byPackage.values().next().value;
  }

  /** The unique_id a ref names, or a DailiesError naming the referencing file and line. */
  resolveRef(from: NodeDraft | null, ref: NodeRef, place?: { file: string; text: string; line: number }): string {
    const versioned = ref.version !== null && ref.version !== undefined;
    const found = versioned ? this.pickVersion(ref, from?.pkg.name ?? null) : this.pick(this.refable.get(ref.name), ref.package, from?.pkg.name ?? null);
    if (found) return found;
    const where = place ?? (from ? { file: from.placeFile, text: from.template, line: from.templateLine } : undefined);
    const line = where ? lineOfCall(where.text, 'ref', ref.name, where.line) : undefined;
    const label = from ? `${from.node.resource_type} '${from.node.name}'` : 'a node';
    if (versioned) {
      // dbt's TargetNotFoundError, word for word
      const title = from ? from.node.resource_type.charAt(0).toUpperCase() + from.node.resource_type.slice(1) : 'Node';
      const who = from ? `${title} '${from.node.unique_id}' (${from.node.original_file_path})` : 'A node';
      const known = [...(this.versions.get(ref.name)?.values() ?? [])].flatMap((byVersion) => [...byVersion.keys()]);
      throw new DailiesError('ref', `${who} depends on a node named '${ref.name}' with version '${String(ref.version)}' ${ref.package ? `in package or project '${ref.package}' ` : ''}which was not found`, {
        place: where ? { file: where.file, line } : undefined,
        hint: known.length > 0 ? `'${ref.name}' has the versions ${known.map((v) => `v${v}`).join(', ')}` : `'${ref.name}' has no versions: drop the v=/version= argument`,
      });
    }
    const disabledFile = this.disabledRefable.get(ref.name);
    if (disabledFile) {
      throw new DailiesError('ref', `${label} depends on '${ref.name}', which is disabled (${disabledFile})`, {
        place: where ? { file: where.file, line } : undefined,
        hint: `enable '${ref.name}' (config enabled: true) or remove the ref`,
      });
    }
    const suggestion = closestName(ref.name, [...this.refable.keys()]);
    const qualified = ref.package ? `${ref.package}.${ref.name}` : ref.name;
    throw new DailiesError('ref', `${label} refers to '${qualified}', which was not found`, {
      place: where ? { file: where.file, line } : undefined,
      hint: suggestion ? `did you mean ref('${suggestion}')?` : 'check the model, seed or snapshot name',
    });
  }

  resolveSource(from: NodeDraft | null, sourceName: string, tableName: string, place?: { file: string; text: string; line: number }): string {
    const found = this.pick(this.sourceIndex.get(`${sourceName}.${tableName}`), null, from?.pkg.name ?? null);
    if (found) return found;
    const where = place ?? (from ? { file: from.placeFile, text: from.template, line: from.templateLine } : undefined);
    const line = where ? lineOfCall(where.text, 'source', sourceName, where.line) : undefined;
    const suggestion = closestName(`${sourceName}.${tableName}`, [...this.sourceIndex.keys()]);
    throw new DailiesError('ref', `source('${sourceName}', '${tableName}') was not found`, {
      place: where ? { file: where.file, line } : undefined,
      hint: suggestion ? `did you mean source('${suggestion.replace('.', "', '")}')?` : 'declare the source table under `sources:` in a YAML file',
    });
  }

  /** The relation a ref to `uniqueId` renders as: deferred, ephemeral CTE name, or the node's own. */
  relationOf(uniqueId: string): TemplateRelation {
    const deferred = this.options.deferRelations?.get(uniqueId);
    if (deferred) return new TemplateRelation(this.dialect, deferred);
    const source = this.manifest.sources[uniqueId];
    if (source) {
      return new TemplateRelation(this.dialect, sourceRelation(source));
    }
    const node = this.drafts.get(uniqueId)?.node;
    if (!node) throw new DailiesError('internal', `no node ${uniqueId}`);
    const relation = nodeRelation(node);
    if (node.config.materialized === 'ephemeral') {
      return new TemplateRelation(this.dialect, relation, { literal: `__dbt__cte__${node.alias}` });
    }
    return new TemplateRelation(this.dialect, relation);
  }

  /** `this` of a node: always its own relation (never deferred, never a CTE name). */
  thisOf(draft: NodeDraft): TemplateRelation {
    const node = draft.node;
    return new TemplateRelation(this.dialect, nodeRelation(node));
  }

  /** Relation texts by unique_id, once every node's name is final (the compile render, not the parse render). */
  private readonly renderedRelations = new Map<string, string>();

  /** The text a placeholder of a parse render stands for (only used once names are resolved). */
  renderPending(draft: NodeDraft, target: PendingTarget): string {
    if (target.kind === 'this') return this.thisOf(draft).render();
    const uniqueId = target.kind === 'ref' ? this.resolveRef(draft, target.ref) : this.resolveSource(draft, target.source[0], target.source[1]);
    let text = this.renderedRelations.get(uniqueId);
    if (text === undefined) this.renderedRelations.set(uniqueId, (text = this.relationOf(uniqueId).render()));
    return text;
  }

  /** Variables as dbt resolves them: --vars, then the root project's vars (package-scoped first), then the package's own. */
  lookupVar(pkg: LoadedPackage, name: string): { found: boolean; value?: unknown } {
    if (Object.prototype.hasOwnProperty.call(this.project.cliVars, name)) return { found: true, value: this.project.cliVars[name] };
    const rootVars = this.project.rootPackage.config.vars ?? {};
    const scoped = rootVars[pkg.name];
    if (scoped && typeof scoped === 'object' && Object.prototype.hasOwnProperty.call(scoped, name)) {
      return { found: true, value: (scoped as Record<string, unknown>)[name] };
    }
    if (Object.prototype.hasOwnProperty.call(rootVars, name) && !this.isPackageName(name)) return { found: true, value: rootVars[name] };
    if (!pkg.isRoot) {
      const own = pkg.config.vars ?? {};
      const ownScoped = own[pkg.name];
      if (ownScoped && typeof ownScoped === 'object' && Object.prototype.hasOwnProperty.call(ownScoped, name)) {
        return { found: true, value: (ownScoped as Record<string, unknown>)[name] };
      }
      if (Object.prototype.hasOwnProperty.call(own, name) && !this.isPackageName(name)) return { found: true, value: own[name] };
    }
    return { found: false };
  }

  /** `doc('name')` / `doc('package', 'name')`: the doc block's contents. */
  docText(first: string, place?: { file: string; line?: number }, second?: string): string {
    const name = second ?? first;
    const pkg = second === undefined ? null : first;
    for (const doc of this.docIndex.get(name) ?? []) {
      if (pkg === null || doc.package_name === pkg) return doc.block_contents;
    }
    const suggestion = closestName(name, this.docIndex.keys());
    throw new DailiesError('ref', `doc('${name}') was not found`, {
      place,
      hint: suggestion ? `did you mean doc('${suggestion}')?` : `define it in a .md file: {% docs ${name} %}…{% enddocs %}`,
    });
  }

  private isPackageName(name: string): boolean {
    return this.project.packages.some((pkg) => pkg.name === name);
  }
}
