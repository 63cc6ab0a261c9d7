/**
 * `unit_tests:` into the manifest, in dbt's shape: each tests one enabled model of its package
 * (or of any package); CSV rows become mappings of text, as dbt stores them.
 */
import { readFileSync } from 'node:fs';
import { parseCsv } from '../csv.js';
import { DailiesError } from '../errors.js';
import type { ManifestNode, UnitTestDefinition } from '../graph/types.js';
import type { LoadedPackage, ProjectFile, UnitTestFixture, UnitTestProperties } from '../project/types.js';
import type { CompileState } from './compile-state.js';
import { sha256 } from './hashes.js';
import { packageRelative, resourceFolders } from './package-paths.js';
import { pyRepr, pyStr } from './jinja/python-values.js';

/** CSV as dbt reads it (Python's csv.DictReader): mappings of text, an empty or missing value `blank` (null; a seed's rows keep ''). */
function csvRows(text: string, blank: null | '' = null): Record<string, unknown>[] {
  const [header, ...records] = parseCsv(text.trim());
  if (!header) return [];
  return records.map((record) => Object.fromEntries(header.fields.map((column, index) => [column, record.fields[index] || blank])));
}

/**
 * The rows as dbt's manifest holds them: CSV (inline or a fixture file) as mappings of text, a SQL
 * fixture file's text read in, a seed's rows when a dict input of a seed gives none; dict and CSV
 * rows with the first row free of nulls moved to the top, as dbt moves it.
 */
function rowsOf(state: CompileState, pkg: LoadedPackage, test: UnitTestProperties, fixture: UnitTestFixture & { input?: string }): UnitTestDefinition['expect']['rows'] {
  let rows: UnitTestDefinition['expect']['rows'];
  if (fixture.format === 'dict' && fixture.fixture === null && (fixture.rows === null || fixture.rows === undefined) && fixture.input !== undefined) rows = seedRows(state, fixture.input);
  else {
    // a fixture file's text as dbt reads every file: stripped
    const text = fixture.fixture === null ? fixture.rows : fixtureFile(pkg, test, fixture.fixture).contents.trim();
    rows = fixture.format === 'csv' && typeof text === 'string' ? csvRows(text) : text;
  }
  if (Array.isArray(rows) && fixture.format !== 'sql') {
    const complete = rows.findIndex((row) => Object.values(row).every((value) => value !== null && value !== undefined));
    if (complete > 0) [rows[0], rows[complete]] = [rows[complete]!, rows[0]!];
  }
  return rows;
}

/** A dict input of a seed without rows: the seed's CSV (dbt reads the file; no seed, no rows). */
function seedRows(state: CompileState, input: string): Record<string, unknown>[] {
  const name = /^\s*ref\(\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(input)?.[1];
  const seed = name === undefined ? undefined : state.project.packages.flatMap((pkg) => pkg.seeds).find((file) => file.pathInResourceDir.replace(/^.*\//, '').replace(/\.csv$/i, '') === name);
  // a seed's rows keep empty values as text (dbt reads the file as it is)
  return seed ? csvRows(readFileSync(seed.absPath, 'utf8'), '') : [];
}

const FORMAT_REPR = { dict: "<UnitTestFormat.Dict: 'dict'>", csv: "<UnitTestFormat.CSV: 'csv'>", sql: "<UnitTestFormat.SQL: 'sql'>" } as const;

/**
 * dbt's unit test checksum (`build_unit_test_checksum`, what `state:modified` compares): sha256 of
 * `<model>-<versions>-<given>-<expect>-<overrides>` as Python prints those objects, then each
 * fixture file's rows.
 */
function unitTestChecksum(test: UnitTestProperties, given: UnitTestDefinition['given'], expect: UnitTestDefinition['expect']): string {
  const input = (fixture: UnitTestDefinition['given'][number]): string =>
    `UnitTestInputFixture(input=${pyRepr(fixture.input)}, rows=${pyRepr(fixture.rows)}, format=${FORMAT_REPR[fixture.format]}, fixture=${pyRepr(fixture.fixture)})`;
  const output = `UnitTestOutputFixture(rows=${pyRepr(expect.rows)}, format=${FORMAT_REPR[expect.format]}, fixture=${pyRepr(expect.fixture)})`;
  const versions = test.versions === null ? 'None' : `UnitTestNodeVersions(include=${pyRepr(test.versions.include)}, exclude=${pyRepr(test.versions.exclude)})`;
  const overrides = test.overrides === null ? 'None' : `UnitTestOverrides(${['macros', 'vars', 'env_vars'].map((kind) => `${kind}=${pyRepr(test.overrides![kind] ?? {})}`).join(', ')})`;
  let data = `${test.model}-${versions}-[${given.map(input).join(', ')}]-${output}-${overrides}`;
  for (const fixture of given) if (fixture.fixture !== null) data += `-${pyStr(fixture.rows)}`;
  return sha256(data);
}

/** dbt's fixture lookup: a file named `<name>.csv` or `<name>.sql` anywhere under the package's `<test path>/fixtures/`. */
function fixtureFile(pkg: LoadedPackage, test: UnitTestProperties, name: string): ProjectFile {
  const file = pkg.fixtures.find((candidate) => candidate.pathInResourceDir.replace(/^.*\//, '').replace(/\.(csv|sql)$/i, '') === name);
  if (!file) {
    throw new DailiesError('yaml', `File not found for fixture '${name}' in unit test "${test.name}"`, {
      place: test.place,
      hint: `Put ${name}.csv (format csv) or ${name}.sql (format sql) under ${pkg.config.testPaths[0] ?? 'tests'}/fixtures/, or write the rows inline.`,
    });
  }
  return file;
}

/** The enabled models a unit test runs on: the model, or each version its `versions:` picks (dbt: every version by default). */
function modelsUnderTest(state: CompileState, pkg: LoadedPackage, test: UnitTestProperties): ManifestNode[] {
  const models = Object.values(state.manifest.nodes).filter((node) => node.resource_type === 'model' && node.name === test.model);
  const own = models.filter((node) => node.package_name === pkg.name);
  const candidates = own.length > 0 ? own : models.filter((node) => node.package_name === models[0]!.package_name);
  if (candidates.length === 0) {
    throw new DailiesError('ref', `unit test "${test.name}" tests model "${test.model}", which does not exist or is disabled`, {
      place: test.place,
      hint: 'Check `model:` (the name of a model of the project), or disable the unit test with `config: {enabled: false}`.',
    });
  }
  const versioned = candidates.filter((node) => node.version !== null && node.version !== undefined);
  if (versioned.length === 0) return candidates.slice(0, 1);
  const listed = (list: (string | number)[] | null | undefined, node: ManifestNode): boolean => (list ?? []).some((version) => String(version) === String(node.version));
  return versioned.filter((node) => (test.versions?.include ? listed(test.versions.include, node) : true) && !listed(test.versions?.exclude, node));
}

export function buildUnitTests(state: CompileState): void {
  for (const pkg of state.project.packages) {
    for (const test of pkg.properties.unitTests) {
      const models = modelsUnderTest(state, pkg, test);
      if (test.config.enabled === false) continue;
      const yamlPath = packageRelative(state, pkg, test.place.file);
      const given = test.given.map((input) => ({ input: input.input, rows: rowsOf(state, pkg, test, input), format: input.format, fixture: input.fixture }));
      const expect = { rows: rowsOf(state, pkg, test, test.expect), format: test.expect.format, fixture: test.expect.fixture };
      const checksum = unitTestChecksum(test, given, expect);
      const tags = test.config.tags;
      for (const model of models) {
        const version = model.version ?? null;
        // as dbt: one unit test per version of a versioned model, its id suffixed `_v<version>`
        const uniqueId = `unit_test.${pkg.name}.${model.name}.${test.name}${version === null ? '' : `_v${String(version)}`}`;
        const definition: UnitTestDefinition = {
          model: model.name,
          given,
          expect,
          name: test.name,
          resource_type: 'unit_test',
          package_name: pkg.name,
          path: yamlPath.replace(/^[^/]+\//, ''),
          original_file_path: yamlPath,
          unique_id: uniqueId,
          fqn: [pkg.name, ...resourceFolders(pkg.config.modelPaths, yamlPath), model.name, test.name],
          description: test.description,
          overrides: test.overrides,
          depends_on: { macros: [], nodes: [model.unique_id] },
          config: {
            tags: Array.isArray(tags) ? tags.map(String) : typeof tags === 'string' ? [tags] : [],
            meta: (test.config.meta as Record<string, unknown> | undefined) ?? {},
            enabled: true,
            static_analysis: null,
          },
          checksum,
          schema: model.schema,
          versions: test.versions,
          version,
          dailies: { place: test.place },
        };
        state.manifest.unit_tests[uniqueId] = definition;
      }
    }
  }
}
