/**
 * YAML property files of a package (`models:`, `seeds:`, `snapshots:`, `analyses:`, `sources:`,
 * `exposures:`, `macros:`, `unit_tests:`, `groups:`, `semantic_models:`, `metrics:`, `saved_queries:`), read with lines kept, merged, and checked for things described twice.
 */
import { DailiesError, formatPlace, type SourcePlace } from '../errors.js';
import { NODE_SECTIONS, readNodeEntries, type NodeSection } from './node-properties.js';
import { readExposures, readMacros, readSources } from './source-properties.js';
import { readUnitTests } from './unit-test-properties.js';
import { readGroups } from './group-properties.js';
import { readMetrics, readSavedQueries, readSemanticModels, readTimeSpines } from './semantic/index.js';
import type { PackageProperties } from './types.js';
import { readYamlFile } from './yaml-source.js';
import { describe, isPlainMap, ShapeChecker } from './yaml-shapes.js';

export function emptyProperties(): PackageProperties {
  return { nodes: [], sources: [], exposures: [], macros: [], unitTests: [], groups: [], semantic: { semanticModels: [], metrics: [], savedQueries: [], timeSpines: [] }, ignored: [] };
}

/** Reads one property file; `file` names it in errors (relative to the project root). */
export function readPropertyFile(absPath: string, file: string, packageName: string): PackageProperties {
  const yaml = readYamlFile(absPath, file);
  const properties = emptyProperties();
  if (yaml.value === undefined || yaml.value === null) return properties;
  const shapes = new ShapeChecker(yaml);
  if (!isPlainMap(yaml.value)) {
    return shapes.fail(yaml.value, undefined, `A property file must be a mapping with keys like \`models:\`, not ${describe(yaml.value)}`, 'Start the file with `version: 2` and then `models:`, `sources:`, … sections.');
  }
  const top = yaml.value;
  for (const key of Object.keys(top)) {
    if (key in NODE_SECTIONS) properties.nodes.push(...readNodeEntries(shapes, top, key as NodeSection, packageName));
    if (key === 'models') properties.semantic.timeSpines.push(...readTimeSpines(shapes, top, packageName));
    else if (key === 'sources') properties.sources.push(...readSources(shapes, top, packageName));
    else if (key === 'exposures') properties.exposures.push(...readExposures(shapes, top, packageName));
    else if (key === 'macros') properties.macros.push(...readMacros(shapes, top, packageName));
    else if (key === 'unit_tests') properties.unitTests.push(...readUnitTests(shapes, top, packageName, file));
    else if (key === 'groups') properties.groups.push(...readGroups(shapes, top, packageName, file));
    else if (key === 'semantic_models') properties.semantic.semanticModels.push(...readSemanticModels(shapes, top, packageName));
    else if (key === 'metrics') properties.semantic.metrics.push(...readMetrics(shapes, top, packageName));
    else if (key === 'saved_queries') properties.semantic.savedQueries.push(...readSavedQueries(shapes, top, packageName));
    // `version` needs nothing
  }
  return properties;
}

/** Reads every property file of a package and fails on a resource described twice. */
export function readPackageProperties(files: { absPath: string; file: string }[], packageName: string): PackageProperties {
  const all = emptyProperties();
  for (const { absPath, file } of files) {
    const one = readPropertyFile(absPath, file, packageName);
    all.nodes.push(...one.nodes);
    all.sources.push(...one.sources);
    all.exposures.push(...one.exposures);
    all.macros.push(...one.macros);
    all.unitTests.push(...one.unitTests);
    all.groups.push(...one.groups);
    all.semantic.semanticModels.push(...one.semantic.semanticModels);
    all.semantic.metrics.push(...one.semantic.metrics);
    all.semantic.savedQueries.push(...one.semantic.savedQueries);
    all.semantic.timeSpines.push(...one.semantic.timeSpines);
    all.ignored.push(...one.ignored);
  }
  checkUnique(all.nodes.map((node) => ({ label: `${node.resourceType} "${node.name}"`, key: `${node.resourceType}:${node.name}`, place: node.place })));
  checkUnique(all.sources.map((source) => ({ label: `source "${source.name}"`, key: source.name, place: source.place })));
  for (const source of all.sources) {
    checkUnique(source.tables.map((table) => ({ label: `table "${table.name}" of source "${source.name}"`, key: table.name, place: table.place })));
  }
  checkUnique(all.groups.map((group) => ({ label: `group "${group.name}"`, key: group.name, place: group.place })));
  checkUnique(all.exposures.map((exposure) => ({ label: `exposure "${exposure.name}"`, key: exposure.name, place: exposure.place })));
  checkUnique(all.macros.map((macro) => ({ label: `macro "${macro.name}"`, key: macro.name, place: macro.place })));
  checkUnique(all.semantic.semanticModels.map((model) => ({ label: `semantic model "${model.name}"`, key: model.name, place: model.place })));
  checkUnique(all.semantic.metrics.map((metric) => ({ label: `metric "${metric.name}"`, key: metric.name, place: metric.place })));
  checkUnique(all.semantic.savedQueries.map((query) => ({ label: `saved query "${query.name}"`, key: query.name, place: query.place })));
  return all;
}

function checkUnique(entries: { label: string; key: string; place: SourcePlace }[]): void {
  const first = new Map<string, SourcePlace>();
  for (const entry of entries) {
    const earlier = first.get(entry.key);
    if (earlier) {
      throw new DailiesError('yaml', `${capitalize(entry.label)} is described twice: at ${formatPlace(earlier)} and at ${formatPlace(entry.place)}`, {
        place: entry.place,
        hint: 'Keep one description of it: merge the two entries into one property file.',
      });
    }
    first.set(entry.key, entry.place);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
