/**
 * Hub version ranges as dbt resolves them (dbt_common.semver), on top of npm's `semver`: every
 * specifier is one comparator (`>=1.0.0`, `<2.0.0`, `1.3.0`); the specifiers of every mention of a
 * package are intersected; the newest installable version inside the intersection wins, and
 * pre-releases count only when asked for (`install-prerelease`) or named in a specifier.
 */
import semver from 'semver';
import { DailiesError, type SourcePlace } from '../errors.js';

const SPECIFIER = /^(>=|>|<=|<|=)?(\d+\.\d+\.\d+(?:-?[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/;

export interface Specifier {
  matcher: '>=' | '>' | '<=' | '<' | '=';
  version: string;
}

/** Parses one dbt version specifier; anything else is an error naming the package. */
export function parseSpecifier(text: string, packageName: string, place?: SourcePlace): Specifier {
  const match = SPECIFIER.exec(text.trim());
  const version = match ? semver.valid(normalise(match[2]!)) : null;
  if (!match || version === null) {
    throw new DailiesError('config', `Version "${text}" of package ${packageName} is not a version dbt understands`, {
      place,
      hint: 'Write a full version (`1.3.0`) or comparators, each its own list item: `version: [">=1.0.0", "<2.0.0"]` (dbt accepts no `^`, `~` or `*`).',
    });
  }
  return { matcher: (match[1] as Specifier['matcher'] | undefined) ?? '=', version };
}

/** `1.0.0rc1` (dbt allows the dash to be left out) → `1.0.0-rc1`. */
function normalise(version: string): string {
  return version.replace(/^(\d+\.\d+\.\d+)(?=[0-9A-Za-z])/, '$1-');
}

function toRange(specifiers: Specifier[]): string {
  return specifiers.map((spec) => `${spec.matcher === '=' ? '' : spec.matcher}${spec.version}`).join(' ') || '*';
}

export interface Resolution {
  version: string;
  /** The newest installable version, whatever the range (dbt says when an update is available). */
  latest: string;
}

/**
 * Picks the version of `packageName` to install from `available` (as the hub writes them).
 * Throws when the specifiers cannot all hold at once, or when no available version fits.
 */
export function resolveVersion(
  packageName: string,
  specifiers: Specifier[],
  available: string[],
  installPrerelease: boolean,
  place?: SourcePlace,
): Resolution {
  const range = toRange(specifiers);
  const written = specifiers.map((spec) => `${spec.matcher === '=' ? '' : spec.matcher}${spec.version}`);
  if (specifiers.length > 1 && semver.minVersion(new semver.Range(range, { includePrerelease: true })) === null) {
    throw new DailiesError('config', `Version error for package ${packageName}: could not find a satisfactory version from options: ${JSON.stringify(written)}`, {
      place,
      hint: 'The project and its packages ask for ranges of this package that do not overlap; widen one of them (see package-lock.yml for which package asks for what).',
    });
  }
  const prerelease = installPrerelease || specifiers.some((spec) => semver.prerelease(spec.version) !== null);
  const installable = available
    .map((text) => ({ text, version: semver.valid(normalise(text)) }))
    .filter((entry): entry is { text: string; version: string } => entry.version !== null && (prerelease || semver.prerelease(entry.version) === null))
    .sort((a, b) => semver.compare(a.version, b.version));
  const fitting = installable.filter((entry) => semver.satisfies(entry.version, range, { includePrerelease: true }));
  const chosen = fitting.at(-1);
  if (chosen === undefined) {
    const offered = installable.map((entry) => entry.text);
    throw new DailiesError('config', `Could not find a matching compatible version for package ${packageName}: requested range ${written.join(', ')}, available versions ${offered.length > 0 ? offered.join(', ') : '(none)'}`, {
      place,
      hint: offered.length > 0 ? `Choose a range that includes one of the available versions (the newest is ${offered.at(-1)}).` : 'The hub lists no installable version for this dbt version; check the package name.',
    });
  }
  return { version: chosen.text, latest: installable.at(-1)!.text };
}

/** Whether `dbtVersion` satisfies a package's `require-dbt-version` (a specifier or a list of them). */
export function dbtVersionFits(required: unknown, dbtVersion: string): boolean {
  if (required === undefined || required === null || required === '' || (Array.isArray(required) && required.length === 0)) return true;
  const list = (Array.isArray(required) ? required : [required]).flatMap((item) => String(item).split(','));
  try {
    const range = toRange(list.map((item) => parseSpecifier(item.trim(), 'dbt')));
    return semver.satisfies(dbtVersion, range, { includePrerelease: true });
  } catch {
    return true;
  }
}
