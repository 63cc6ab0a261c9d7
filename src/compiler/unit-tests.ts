/**
 * `unit_tests:` into the manifest, in dbt's shape: each tests one enabled model of its package
 * (or of any package); CSV rows become mappings of text, as dbt stores them.
 */
import { parseCsv } from '../csv.js';
import { DailiesError } from '../errors.js';
import type { UnitTestDefinition } from '../graph/types.js';
import type { LoadedPackage, ProjectFile, UnitTestFixture, UnitTestProperties } from '../project/types.js';
import type { CompileState } from './compile-state.js';
import { sha256 } from './hashes.js';
import { packageRelative, resourceFolders } from './package-paths.js';
import { sortedJson } from './node-config.js';

function csvRows(text: string): Record<string, unknown>[] {
  const [header, ...records] = parseCsv(text.trim());
  if (!header) return [];
  return records.map((record) => Object.fromEntries(header.fields.map((column, index) => [column.trim(), record.fields[index] ?? null])));
}

/** The rows as the manifest holds them: CSV as mappings of text, a fixture file's contents read in. */
function rowsOf(pkg: LoadedPackage, test: UnitTestProperties, fixture: UnitTestFixture): UnitTestDefinition['expect']['rows'] {
  const text = fixture.fixture === null ? fixture.rows : fixtureFile(pkg, test, fixture.fixture).contents;
  return fixture.format === 'csv' && typeof text === 'string' ? csvRows(text) : text;
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

export function buildUnitTests(state: CompileState): void {
  for (const pkg of state.project.packages) {
    for (const test of pkg.properties.unitTests) {
      const model =
        Object.values(state.manifest.nodes).find((node) => node.resource_type === 'model' && node.name === test.model && node.package_name === pkg.name) ??
        Object.values(state.manifest.nodes).find((node) => node.resource_type === 'model' && node.name === test.model);
      if (!model) {
        throw new DailiesError('ref', `unit test "${test.name}" tests model "${test.model}", which does not exist or is disabled`, {
          place: test.place,
          hint: 'Check `model:` (the name of a model of the project), or disable the unit test with `config: {enabled: false}`.',
        });
      }
      if (test.config.enabled === false) continue;
      const yamlPath = packageRelative(state, pkg, test.place.file);
      const uniqueId = `unit_test.${pkg.name}.${model.name}.${test.name}`;
      const given = test.given.map((input) => ({ input: input.input, rows: rowsOf(pkg, test, input), format: input.format, fixture: input.fixture }));
      const expect = { rows: rowsOf(pkg, test, test.expect), format: test.expect.format, fixture: test.expect.fixture };
      const tags = test.config.tags;
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
        checksum: sha256(sortedJson({ given, expect, overrides: test.overrides })),
        schema: model.schema,
        versions: null,
        version: null,
        dailies: { place: test.place },
      };
      state.manifest.unit_tests[uniqueId] = definition;
    }
  }
}
