/**
 * What most commands do first: read the project named by the common flags, and compile it.
 */
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DailiesError } from '../errors.js';
import { loadProject } from '../project/index.js';
import type { LoadProjectOptions, Project } from '../project/types.js';
import { compileProject } from '../compiler/index.js';
import type { InvocationFlags, ProjectCompiler } from '../compiler/api.js';
import type { Manifest } from '../graph/types.js';
import { readManifest, selectNodesWithWarnings, type IndirectSelection, type SelectOptions } from '../graph/index.js';

const INDIRECT_MODES: IndirectSelection[] = ['eager', 'cautious', 'buildable', 'empty'];
import type { Adapter } from '../warehouse/adapter.js';
import { booleanFlag, listFlag, stringFlag, type ParsedArgs } from './args.js';
import { readParseMemo, writeParseMemo } from './parse-cache.js';
import type { CommandIO } from './command.js';

export function parseVars(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new DailiesError('usage', `--vars is not valid YAML: ${(error as Error).message.split('\n')[0]}`, {
      hint: `pass a mapping, e.g. --vars '{start_date: "2024-01-01", limit: 10}'`,
    });
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DailiesError('usage', '--vars must be a mapping of names to values', {
      hint: `pass a mapping, e.g. --vars '{start_date: "2024-01-01"}'`,
    });
  }
  return value as Record<string, unknown>;
}

/** Where the project is and how to read it, from the flags every command takes. */
export function projectLocation(args: ParsedArgs, io: CommandIO): LoadProjectOptions & { env: Record<string, string | undefined> } {
  const profilesDir = stringFlag(args, 'profiles-dir');
  return {
    projectDir: path.resolve(io.cwd, stringFlag(args, 'project-dir') ?? '.'),
    profilesDir: profilesDir === undefined ? undefined : path.resolve(io.cwd, profilesDir),
    target: stringFlag(args, 'target'),
    vars: parseVars(stringFlag(args, 'vars')),
    env: io.env,
  };
}

export async function openProject(args: ParsedArgs, io: CommandIO): Promise<Project> {
  const project = await loadProject(projectLocation(args, io));
  for (const warning of project.warnings) io.stderr(`Warning: ${warning}\n`);
  return project;
}

export function targetDirOf(project: Project): string {
  return path.resolve(project.root, project.rootPackage.config.targetPath);
}

/**
 * Compiles the project; with `collect`, a node whose SQL does not compile is that node's error
 * alone. Given the command's `args`, it is a partial parse (renders of unchanged nodes reused from
 * target/, see parse-cache.ts) unless `--no-partial-parse` is set. Given `io`, what compiling
 * warns about is printed there. With `scope: 'parse'` no node's SQL is compiled up front (the
 * commands that run render each node just before it runs, as dbt's do).
 */
export async function compile(
  project: Project,
  adapter?: Adapter,
  flags?: InvocationFlags,
  nodeErrors: 'throw' | 'collect' = 'throw',
  args?: ParsedArgs,
  io?: CommandIO,
  scope: 'compile' | 'parse' = 'compile',
): Promise<ProjectCompiler> {
  const partial = args !== undefined && !booleanFlag(args, 'no-partial-parse');
  const targetDir = targetDirOf(project);
  const parseMemo = partial ? readParseMemo(targetDir) : undefined;
  const compiler = await compileProject(project, { adapter, flags, nodeErrors, parseMemo, ...(scope === 'parse' ? { compileSql: false } : {}) });
  if (parseMemo) writeParseMemo(targetDir, parseMemo);
  if (io) for (const warning of compiler.warnings ?? []) io.stderr(`Warning: ${warning}\n`);
  return compiler;
}

export function readStateManifest(args: ParsedArgs, io: CommandIO): Manifest | undefined {
  const stateDir = stringFlag(args, 'state');
  if (stateDir === undefined) return undefined;
  return readManifest(path.resolve(io.cwd, stateDir, 'manifest.json'));
}

/**
 * The unit tests --select/--exclude pick: by name (`t`, `unit_test:t`, `test_type:unit`, …) or
 * with their model (dbt selects a model's unit tests with it, as its tests). Warnings are
 * selectFromArgs's to print.
 */
export function selectUnitTests(manifest: Manifest, args: ParsedArgs, io: CommandIO): string[] {
  if (Object.keys(manifest.unit_tests ?? {}).length === 0) return [];
  return selectNodesWithWarnings(manifest, { ...selectionOptions(args, io), resourceTypes: ['unit_test'], withUnitTests: true }).ids;
}

/** Applies --select/--exclude (and --state) to the manifest, limited to `resourceTypes` when given. */
/** --select, --exclude, --state and --indirect-selection as selection options. */
function selectionOptions(args: ParsedArgs, io: CommandIO): SelectOptions {
  const select = listFlag(args, 'select');
  const indirect = stringFlag(args, 'indirect-selection') ?? io.env.DBT_INDIRECT_SELECTION;
  if (indirect !== undefined && !INDIRECT_MODES.includes(indirect as IndirectSelection)) {
    throw new DailiesError('usage', `unknown --indirect-selection '${indirect}'`, { hint: `use one of: ${INDIRECT_MODES.join(', ')}` });
  }
  return {
    indirectSelection: indirect as IndirectSelection | undefined,
    select: select.length > 0 ? select : undefined,
    exclude: listFlag(args, 'exclude'),
    state: readStateManifest(args, io),
  };
}

export function selectFromArgs(
  manifest: Manifest,
  args: ParsedArgs,
  io: CommandIO,
  resourceTypes?: string[],
  /** Unit tests too (`ls`); build and test take them from selectUnitTests. */
  withUnitTests = false,
): string[] {
  const { ids, warnings } = selectNodesWithWarnings(manifest, { ...selectionOptions(args, io), resourceTypes, withUnitTests });
  for (const warning of warnings) io.stderr(`Warning: ${warning}\n`);
  return ids;
}
