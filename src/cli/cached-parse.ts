/**
 * `parse` and `ls`: the manifest, from the partial-parse cache when nothing changed (see
 * parse-cache.ts), else from a partial parse (the parse renders of unchanged nodes reused, see
 * compiler/partial/) that refreshes the cache. `--no-partial-parse` skips both: a full parse.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadProject } from '../project/index.js';
import { readManifest, writeManifest } from '../graph/index.js';
import { SEMANTIC_MANIFEST_FILE, writeSemanticManifest } from '../graph/semantic-manifest.js';
import type { Manifest } from '../graph/types.js';
import type { ProjectCompiler } from '../compiler/api.js';
import { booleanFlag, type ParsedArgs } from './args.js';
import type { CommandIO } from './command.js';
import { checkCache, describeMemo, EnvRecorder, readParseMemo, restoreManifest, storeCache, targetDirFor, writeParseMemo, type CacheInputs } from './parse-cache.js';
import { projectLocation, targetDirOf } from './session.js';
import { compileProject } from '../compiler/index.js';

export const partialParseFlag = { name: 'no-partial-parse', kind: 'boolean' as const, description: 'parse the whole project again, ignoring the partial-parse cache in target/' };

export interface ParsedManifest {
  targetDir: string;
  /** What `parse` prints about the manifest. */
  summary: string;
  /** True when the manifest came from the cache (no file was parsed). */
  reused: boolean;
  /** How much of the parse was reused (`partial parse: 2 of 20 nodes rendered again`), when it was not a reuse. */
  partial?: string;
  /** The compiler, when the project was parsed (not on a reuse). */
  compiler?: ProjectCompiler;
  /** The manifest (read from the cache on a reuse). */
  manifest: () => Manifest;
}

export async function parseManifest(
  args: ParsedArgs,
  io: CommandIO,
  which: string,
  summarize: (manifest: Manifest) => string,
  /** Parse (partially) even when nothing changed: the caller keeps the compiler (`parse --watch`). */
  needCompiler = false,
): Promise<ParsedManifest> {
  const location = projectLocation(args, io);
  const inputs: CacheInputs = { projectDir: location.projectDir, profilesDir: location.profilesDir, target: location.target, vars: location.vars ?? {}, which };
  const useCache = !booleanFlag(args, 'no-partial-parse');
  const checked = useCache ? checkCache(inputs, location.env) : undefined;
  if (checked?.hit && !needCompiler) {
    const hit = checked.hit;
    for (const warning of hit.warnings) io.stderr(`Warning: ${warning}\n`);
    const targetDir = targetDirFor(inputs);
    restoreManifest(hit, targetDir);
    let manifest: Manifest | undefined;
    const read = (): Manifest => (manifest ??= readManifest(hit.manifestFile));
    // written beside the manifest by the parse that filled the cache; made again if it went missing
    if (!fs.existsSync(path.join(targetDir, SEMANTIC_MANIFEST_FILE))) writeSemanticManifest(read(), targetDir);
    return { targetDir, summary: hit.summary, reused: true, manifest: read };
  }
  const recorder = new EnvRecorder(location.env);
  const project = await loadProject({ ...location, env: recorder.env });
  for (const warning of project.warnings) io.stderr(`Warning: ${warning}\n`);
  const targetDir = targetDirOf(project);
  const parseMemo = useCache ? readParseMemo(targetDir) : undefined;
  // like `dbt parse` and `dbt ls`: no node's SQL is compiled (a node renders when it runs)
  const compiler = await compileProject(project, { flags: { which }, parseMemo, compileSql: false });
  for (const warning of compiler.warnings ?? []) io.stderr(`Warning: ${warning}\n`);
  writeManifest(compiler.manifest, targetDir);
  const summary = summarize(compiler.manifest);
  if (parseMemo) writeParseMemo(targetDir, parseMemo);
  if (checked) storeCache(inputs, recorder, checked.files, targetDir, { warnings: [...project.warnings, ...(compiler.warnings ?? [])], summary });
  return { targetDir, summary, reused: false, partial: parseMemo ? describeMemo(parseMemo) : undefined, compiler, manifest: () => compiler.manifest };
}
