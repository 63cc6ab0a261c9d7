/**
 * YAML property files of a package (`models:`, `seeds:`, `snapshots:`, `analyses:`, `sources:`,
 * `exposures:`, `macros:`), read with lines kept, merged, and checked for things described twice.
 */
import { DailiesError, formatPlace, type SourcePlace } from '../errors.js';
import { NODE_SECTIONS, readNodeEntries, type NodeSection } from './node-properties.js';
import { readExposures, readMacros, readSources } from './source-properties.js';
import { readUnitTests } from './unit-test-properties.js';
import type { IgnoredProperty, PackageProperties } from './types.js';
import { readYamlFile, type LocatedYaml } from './yaml-source.js';
import { describe, isPlainMap, ShapeChecker } from './yaml-shapes.js';

/** Top-level sections dbt reads that dailies does not support yet. */
const NOT_YET = ['semantic_models', 'metrics', 'saved_queries'];

function ignoredSection(yaml: LocatedYaml, top: Record<string, unknown>, key: string): IgnoredProperty {
  const value = top[key];
  const entries = Array.isArray(value) ? value : [];
  const names = entries.map((entry) => (isPlainMap(entry) && typeof entry.name === 'string' ? entry.name : '?'));
  const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')}, …` : names.join(', ');
  return { place: yaml.placeOfKey(top, key), what: `${key}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}${shown ? ` (${shown})` : ''}` };
}

export function emptyProperties(): PackageProperties {
  return { nodes: [], sources: [], exposures: [], macros: [], unitTests: [], ignored: [] };
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
    else if (key === 'sources') properties.sources.push(...readSources(shapes, top, packageName));
    else if (key === 'exposures') properties.exposures.push(...readExposures(shapes, top, packageName));
    else if (key === 'macros') properties.macros.push(...readMacros(shapes, top, packageName));
    else if (key === 'unit_tests') properties.unitTests.push(...readUnitTests(shapes, top, packageName, file));
    else if (NOT_YET.includes(key)) properties.ignored.push(ignoredSection(yaml, top, key));
    // `version` and `groups` (group: configs work without them) need nothing
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
    all.ignored.push(...one.ignored);
  }
  checkUnique(all.nodes.map((node) => ({ label: `${node.resourceType} "${node.name}"`, key: `${node.resourceType}:${node.name}`, place: node.place })));
  checkUnique(all.sources.map((source) => ({ label: `source "${source.name}"`, key: source.name, place: source.place })));
  for (const source of all.sources) {
    checkUnique(source.tables.map((table) => ({ label: `table "${table.name}" of source "${source.name}"`, key: table.name, place: table.place })));
  }
  checkUnique(all.exposures.map((exposure) => ({ label: `exposure "${exposure.name}"`, key: exposure.name, place: exposure.place })));
  checkUnique(all.macros.map((macro) => ({ label: `macro "${macro.name}"`, key: macro.name, place: macro.place })));
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
