/**
 * What `src/project` reads from disk: a project (and its vendored packages), its profile target,
 * and its YAML property files, with source places kept for error messages.
 * Nothing here is rendered: templates are the compiler's job.
 */
import type { SemanticProperties } from './semantic/types.js';
import type { SourcePlace } from '../errors.js';

export type ResourceType =
  | 'model'
  | 'seed'
  | 'snapshot'
  | 'test'
  | 'analysis'
  | 'source'
  | 'exposure'
  | 'macro'
  | 'operation';

/** A file of a package, read as text. */
export interface ProjectFile {
  /** Absolute path on disk. */
  absPath: string;
  /** Path relative to the package root, with forward slashes (dbt's `original_file_path`). */
  relPath: string;
  /** Path relative to the resource folder it was found under (dbt's `path`), e.g. `staging/stg_movies.sql`. */
  pathInResourceDir: string;
  /** Text contents (for seeds: not read eagerly; use absPath). */
  contents: string;
  /** Modification time (ms since the epoch) when the contents were read (not set for seeds). */
  mtimeMs?: number;
  packageName: string;
}

/** dbt_project.yml as understood by dailies. Keys are normalised to the dbt names. */
export interface ProjectConfig {
  name: string;
  version?: string;
  profile?: string;
  modelPaths: string[];
  seedPaths: string[];
  snapshotPaths: string[];
  macroPaths: string[];
  testPaths: string[];
  analysisPaths: string[];
  docsPaths: string[];
  targetPath: string;
  packagesInstallPath: string;
  /** What `dailies clean` removes (`clean-targets`, default the target folder). */
  cleanTargets: string[];
  /** `restrict-access: true`: the package's protected models cannot be referenced from other packages. */
  restrictAccess: boolean;
  vars: Record<string, unknown>;
  /** Raw nested config trees (`models:`, `seeds:`, …) keyed by resource type, `+` keys kept as written. */
  resourceConfigs: Partial<Record<'models' | 'seeds' | 'snapshots' | 'tests' | 'data_tests' | 'sources' | 'exposures' | 'semantic-models' | 'metrics' | 'saved-queries', Record<string, unknown>>>;
  onRunStart: string[];
  onRunEnd: string[];
  /** `dispatch:` entries: macro_namespace → search_order. */
  dispatch: { macroNamespace: string; searchOrder: string[] }[];
  quoting: Record<string, boolean>;
  /** `flags:` (dbt's behaviour flags, e.g. `require_explicit_package_overrides_for_builtin_materializations`). */
  flags?: Record<string, unknown>;
  /** Where each top-level key was written, for error messages. */
  place: SourcePlace;
}

export interface TestDefinition {
  /** The test as written in YAML: `unique`, `{accepted_values: {values: [...]}}`, `{name: x, test_name: y, ...}` */
  raw: unknown;
  place: SourcePlace;
}

export interface ColumnProperties {
  name: string;
  description: string;
  dataType?: string;
  /** Where `data_type` is written, when it is. */
  dataTypePlace?: SourcePlace;
  quote?: boolean;
  constraints: unknown[];
  meta: Record<string, unknown>;
  tags: string[];
  tests: TestDefinition[];
  place: SourcePlace;
}

/** One entry under `models:`, `seeds:`, `snapshots:` or `analyses:` in a property file. */
export interface NodeProperties {
  resourceType: 'model' | 'seed' | 'snapshot' | 'analysis';
  name: string;
  packageName: string;
  description: string;
  config: Record<string, unknown>;
  columns: ColumnProperties[];
  tests: TestDefinition[];
  constraints: unknown[];
  meta: Record<string, unknown>;
  tags: string[];
  docs?: { show?: boolean };
  /** Snapshots configured entirely in YAML carry `relation:` here. */
  relation?: string;
  /** A model's `versions:` (dbt's versioned models), each with its own file, columns, tests and config. */
  versions?: ModelVersionProperties[];
  latestVersion?: number | string;
  /** `deprecation_date` as dbt writes it (ISO 8601 with the UTC offset), null when not given. */
  deprecationDate?: string | null;
  place: SourcePlace;
}

/** One entry of a model's `versions:`, as written (the compiler merges it with the model's entry). */
export interface ModelVersionProperties {
  v: number | string;
  /** The file (stem) that defines it; default `<model>_v<v>`. */
  definedIn?: string;
  description?: string;
  config: Record<string, unknown>;
  constraints?: unknown[];
  docs?: { show?: boolean };
  /** The version's own `data_tests:`/`tests:` (they replace the model's); undefined when not written. */
  tests?: TestDefinition[];
  /** Which of the model's columns it inherits: `include: all` / `'*'` or a list, minus `exclude`. */
  include: 'all' | '*' | string[];
  exclude: string[];
  /** Columns of its own (after the inherited ones). */
  columns: ColumnProperties[];
  deprecationDate: string | null;
  place: SourcePlace;
}

export interface SourceTableProperties {
  name: string;
  identifier?: string;
  description: string;
  columns: ColumnProperties[];
  tests: TestDefinition[];
  loadedAtField?: string;
  /** `loaded_at_query:` written beside `loaded_at_field:` (dbt reads both places; `config:` is preferred). */
  loadedAtQuery?: string;
  /** `external:` (dbt-external-tables' properties), as written. */
  external?: Record<string, unknown>;
  freshness?: unknown;
  meta: Record<string, unknown>;
  tags: string[];
  config: Record<string, unknown>;
  quoting: Record<string, boolean>;
  place: SourcePlace;
}

export interface SourceProperties {
  name: string;
  packageName: string;
  description: string;
  /** Unrendered: may contain `{{ target.schema }}` or `{{ env_var(...) }}`; the compiler renders it. */
  database?: string;
  schema?: string;
  loader?: string;
  loadedAtField?: string;
  loadedAtQuery?: string;
  freshness?: unknown;
  meta: Record<string, unknown>;
  tags: string[];
  config: Record<string, unknown>;
  quoting: Record<string, boolean>;
  tables: SourceTableProperties[];
  place: SourcePlace;
}

/** A `groups:` entry: who owns the models that set `group:` to it (private models are reachable from its members only). */
export interface GroupProperties {
  name: string;
  packageName: string;
  owner: Record<string, unknown>;
  description: string;
  config: Record<string, unknown>;
  place: SourcePlace;
}

export interface ExposureProperties {
  name: string;
  packageName: string;
  type: string;
  label?: string;
  description: string;
  url?: string;
  maturity?: string;
  owner: Record<string, unknown>;
  /** Unrendered `ref('x')` / `source('a','b')` strings. */
  dependsOn: string[];
  meta: Record<string, unknown>;
  tags: string[];
  /** `config:` as written (enabled, tags, meta). */
  config: Record<string, unknown>;
  place: SourcePlace;
}

export interface MacroProperties {
  name: string;
  packageName: string;
  description: string;
  meta: Record<string, unknown>;
  /** `config:` as written (meta, docs). */
  config: Record<string, unknown>;
  docs?: Record<string, unknown>;
  arguments: { name: string; type?: string; description?: string }[];
  place: SourcePlace;
}

export interface DocBlock {
  name: string;
  packageName: string;
  contents: string;
  place: SourcePlace;
}

/** Everything the property files of one package declare. */
export interface PackageProperties {
  nodes: NodeProperties[];
  sources: SourceProperties[];
  exposures: ExposureProperties[];
  macros: MacroProperties[];
  unitTests: UnitTestProperties[];
  groups: GroupProperties[];
  /** `semantic_models:`, `metrics:`, `saved_queries:` and models' `time_spine:`. */
  semantic: SemanticProperties;
  /** What the files declare that dailies does not support yet (reported as warnings, never dropped silently). */
  ignored: IgnoredProperty[];
}

/** Rows for a unit test's input or expectation, as written. */
export interface UnitTestFixture {
  format: 'dict' | 'csv' | 'sql';
  /** dict: the rows; csv / sql: the text; null when a fixture file is named instead. */
  rows: Record<string, unknown>[] | string | null;
  fixture: string | null;
}

export interface UnitTestProperties {
  name: string;
  packageName: string;
  model: string;
  description: string;
  given: (UnitTestFixture & { input: string })[];
  expect: UnitTestFixture;
  overrides: Record<string, unknown> | null;
  /** `versions: {include, exclude}` of a versioned model's unit test. */
  versions: { include: (string | number)[] | null; exclude: (string | number)[] | null } | null;
  config: Record<string, unknown>;
  place: SourcePlace;
}

export interface IgnoredProperty {
  place: SourcePlace;
  /** e.g. `unit_tests: 3 entries (a, b, c)` */
  what: string;
}

/** One package: the root project or a package vendored under dbt_packages/. */
export interface LoadedPackage {
  name: string;
  root: string;
  isRoot: boolean;
  config: ProjectConfig;
  models: ProjectFile[];
  analyses: ProjectFile[];
  seeds: ProjectFile[];
  snapshots: ProjectFile[];
  macros: ProjectFile[];
  /** Singular tests: .sql files under test-paths (not under a `generic/` or `fixtures/` folder). */
  singularTests: ProjectFile[];
  /** Unit test fixture files: .csv and .sql files under a test path's `fixtures/` folder, named by their stem. */
  fixtures: ProjectFile[];
  /** .sql files under `tests/generic/` or macro paths containing `{% test %}` blocks are in `macros`. */
  docs: DocBlock[];
  properties: PackageProperties;
}

/** The resolved profile target (`profiles.yml` → profile → target), with env_var() already applied. */
export interface TargetConfig {
  name: string;
  type: string;
  schema: string;
  database?: string;
  threads: number;
  /** Every other key as written (`path`, `account`, `user`, `private_key_path`, …). */
  [key: string]: unknown;
}

export interface LoadProjectOptions {
  projectDir: string;
  /** Folder holding profiles.yml; defaults to --project-dir, then ~/.dbt (DBT_PROFILES_DIR honoured). */
  profilesDir?: string;
  /** Target name; defaults to the profile's `target:`. */
  target?: string;
  /** `--vars` already parsed (YAML/JSON object). */
  vars?: Record<string, unknown>;
  /** Environment used for env_var(); defaults to process.env. */
  env?: Record<string, string | undefined>;
}

export interface Project {
  root: string;
  /** The root package first, then vendored packages in a stable order. */
  packages: LoadedPackage[];
  rootPackage: LoadedPackage;
  target: TargetConfig;
  profileName: string;
  /** Variables given on the command line (override project vars). */
  cliVars: Record<string, unknown>;
  env: Record<string, string | undefined>;
  /** Things the project declares that dailies ignores for now, one line each with its place. */
  warnings: string[];
}

/** Config from dbt_project.yml folder blocks that applies to one file, `+` prefixes stripped. */
export type FolderConfig = Record<string, unknown>;
