/**
 * Versioned models as dbt-core 1.11 reads them: a model's `versions:` in a property file
 * (`v`, `defined_in`, columns with `include`/`exclude`, per-version config and tests,
 * `deprecation_date`) and `latest_version`, and which file defines each version
 * (`<model>_v<v>.sql`, the `defined_in` file, or `<model>.sql` for the latest one).
 */
import { DailiesError } from '../errors.js';
import type { ColumnProperties, LoadedPackage, ModelVersionProperties, NodeProperties, ProjectFile } from './types.js';
import { isPlainMap, type ShapeChecker, type YamlMap } from './yaml-shapes.js';
import { compareVersions } from './version-order.js';

export { compareVersions };

type ReadColumns = (shapes: ShapeChecker, owner: YamlMap, where: string) => ColumnProperties[];
type ReadTests = (shapes: ShapeChecker, owner: YamlMap, where: string) => NodeProperties['tests'];

/** `versions:`, `latest_version:` and `deprecation_date:` of a model entry, checked as dbt checks them. */
export function readModelVersions(shapes: ShapeChecker, entry: YamlMap, node: NodeProperties, readColumns: ReadColumns, readTests: ReadTests): void {
  const where = `${node.resourceType} "${node.name}"`;
  if (entry.deprecation_date !== undefined && entry.deprecation_date !== null) node.deprecationDate = deprecationDate(shapes, entry, where);
  if (entry.versions !== undefined && entry.versions !== null) {
    const list = shapes.list(entry, 'versions', where);
    const seen = new Set<string>();
    node.versions = list.map((version, index) => {
      if (!isPlainMap(version) || (typeof version.v !== 'number' && typeof version.v !== 'string')) {
        return shapes.fail(list, String(index), `Each entry of \`versions\` of ${where} needs a \`v\``, 'Write `- v: 1` for each version.');
      }
      if (seen.has(String(version.v))) {
        shapes.fail(version, 'v', `Found duplicate version: '${String(version.v)}' in versions list of model '${node.name}'`, 'Give each version its own `v`.');
      }
      seen.add(String(version.v));
      return readVersion(shapes, version, `version ${String(version.v)} of ${where}`, readColumns, readTests);
    });
  }
  if (entry.latest_version !== undefined && entry.latest_version !== null) {
    const latest = entry.latest_version;
    if (typeof latest !== 'string' && typeof latest !== 'number') {
      shapes.fail(entry, 'latest_version', `\`latest_version\` of ${where} must be a version number`, 'Write e.g. `latest_version: 2`.');
    }
    const values = (node.versions ?? []).map((version) => version.v);
    if (!values.includes(latest)) {
      shapes.fail(entry, 'latest_version', `latest_version: ${latest} is not one of model '${node.name}' versions: [${values.map(pythonValue).join(', ')}]`, 'Name one of the `v` values listed under `versions:`.');
    }
    node.latestVersion = latest;
  }
}

function readVersion(shapes: ShapeChecker, version: YamlMap, at: string, readColumns: ReadColumns, readTests: ReadTests): ModelVersionProperties {
  const result: ModelVersionProperties = {
    v: version.v as number | string,
    config: shapes.map(version, 'config', at),
    include: 'all',
    exclude: [],
    columns: [],
    deprecationDate: version.deprecation_date === undefined || version.deprecation_date === null ? null : deprecationDate(shapes, version, at),
    place: shapes.yaml.placeOf(version),
  };
  const definedIn = shapes.optionalString(version, 'defined_in', at);
  if (definedIn !== undefined) result.definedIn = definedIn;
  const description = shapes.optionalString(version, 'description', at);
  if (description !== undefined && description !== '') result.description = description;
  if (Array.isArray(version.constraints) && version.constraints.length > 0) result.constraints = version.constraints;
  if (isPlainMap(version.docs)) {
    const show = shapes.optionalBoolean(version.docs, 'show', `\`docs\` of ${at}`);
    result.docs = show === undefined ? {} : { show };
  }
  if (version.data_tests !== undefined || version.tests !== undefined) result.tests = readTests(shapes, version, at);
  const columns = shapes.list(version, 'columns', at);
  let includeSeen = false;
  const own: unknown[] = [];
  columns.forEach((column, index) => {
    if (!isPlainMap(column) || !('include' in column)) {
      own.push(column);
      return;
    }
    if (includeSeen) shapes.fail(columns, String(index), 'version can have at most one include/exclude element', 'Keep one `- include: … exclude: […]` entry.');
    includeSeen = true;
    const include = column.include;
    if (include === 'all' || include === '*') result.include = include;
    else if (Array.isArray(include) && include.every((name) => typeof name === 'string')) result.include = include;
    else shapes.fail(column, 'include', "include must be one of ('all', '*') or a list of strings", 'Write `include: all`, `include: "*"` or `include: [a, b]`.');
    const exclude = column.exclude ?? [];
    if (!Array.isArray(exclude) || !exclude.every((name) => typeof name === 'string')) {
      shapes.fail(column, 'exclude', '`exclude` must be a list of column names', 'Write `exclude: [a, b]`.');
    }
    if (exclude.length > 0 && Array.isArray(result.include)) {
      shapes.fail(column, 'exclude', "exclude can only be specified if include is one of ('all', '*')", 'Use `include: all` with `exclude:`, or list the columns to include.');
    }
    result.exclude = exclude;
  });
  result.columns = readColumns(shapes, { columns: own }, at);
  return result;
}

/** dbt's normalize_date: a naive date or datetime is read in the local time zone, written with its offset. */
function deprecationDate(shapes: ShapeChecker, owner: YamlMap, where: string): string {
  const text = String(owner.deprecation_date instanceof Date ? owner.deprecation_date.toISOString() : owner.deprecation_date).trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text);
  if (!match) {
    return shapes.fail(owner, 'deprecation_date', `\`deprecation_date\` of ${where} must be a date, not "${text}"`, 'Write e.g. `deprecation_date: 2025-12-31`.');
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac, zone] = match;
  const micro = frac ? `.${frac.padEnd(6, '0').slice(0, 6)}` : '';
  const wall = `${y}-${mo}-${d}T${h}:${mi}:${s}${micro === '.000000' ? '' : micro}`;
  if (zone) return `${wall}${zone === 'Z' || zone === 'z' ? '+00:00' : formatOffset(zone)}`;
  const local = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = -local.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function formatOffset(zone: string): string {
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${(digits.slice(2) || '00').padEnd(2, '0')}`;
}

function pythonValue(value: number | string): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** `latest_version`, else the highest `v`. */
export function latestVersionOf(props: NodeProperties): number | string {
  if (props.latestVersion !== undefined) return props.latestVersion;
  return (props.versions ?? []).reduce<number | string>((best, version) => (compareVersions(version.v, best) > 0 ? version.v : best), props.versions![0].v);
}

/** A model file that defines one version of a versioned model. */
export interface VersionedFile {
  props: NodeProperties;
  version: ModelVersionProperties;
  latest: number | string;
}

function stemOf(file: ProjectFile): string {
  return (file.pathInResourceDir.split('/').pop() ?? '').replace(/\.sql$/i, '');
}

/**
 * Which model file of `pkg` defines each version (by the file's stem, as dbt's ref lookup finds
 * it), and the versions no file defines (dbt warns about each: NoNodeForYamlKey).
 */
export function versionedModelFiles(pkg: LoadedPackage): { files: Map<ProjectFile, VersionedFile>; missing: { name: string; file: string }[] } {
  const files = new Map<ProjectFile, VersionedFile>();
  const missing: { name: string; file: string }[] = [];
  const versioned = pkg.properties.nodes.filter((node) => node.resourceType === 'model' && node.versions && node.versions.length > 0);
  if (versioned.length === 0) return { files, missing };
  const byStem = new Map<string, ProjectFile>();
  for (const file of pkg.models) if (!byStem.has(stemOf(file))) byStem.set(stemOf(file), file);
  for (const props of versioned) {
    const latest = latestVersionOf(props);
    for (const version of props.versions!) {
      const name = version.definedIn ?? `${props.name}_v${String(version.v)}`;
      let file = byStem.get(name);
      // the latest version may live in a file named after the model itself
      if (!file && version.v === latest) file = byStem.get(props.name);
      if (!file) {
        missing.push({ name, file: props.place.file });
        continue;
      }
      const other = files.get(file);
      if (other) {
        throw new DailiesError('yaml', `The file ${file.relPath} defines two versions: ${other.props.name} v${String(other.version.v)} and ${props.name} v${String(version.v)}`, {
          place: version.place,
          hint: 'Give each version its own file (`defined_in:` names it).',
        });
      }
      files.set(file, { props, version, latest });
    }
  }
  return { files, missing };
}

/** dbt's message for a version no file defines. */
export function missingVersionWarning(missing: { name: string; file: string }): string {
  return `Did not find matching node for patch with name '${missing.name}' in the 'models' section of file '${missing.file}'`;
}
