/**
 * The parses of `parse --watch`: a process that keeps its compiler between saves. When every file
 * saved is a model file whose new text can be swapped in alone (compiler/partial/hot-patch.ts),
 * only those models are rendered again and the manifest is written from the JSON text of the
 * members that did not change; otherwise (or when a patch refuses) it is `parseManifest`: the
 * nothing-changed reuse or the partial parse of any other command.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ProjectCompiler } from '../compiler/api.js';
import { patchModel } from '../compiler/partial/hot-patch.js';
import { writeManifest, type PieceCache } from '../graph/artifacts.js';
import type { Manifest } from '../graph/types.js';
import type { ParsedArgs } from './args.js';
import { parseManifest } from './cached-parse.js';
import type { CommandIO } from './command.js';
import type { WatchedParse } from './watch.js';

export class LiveParse {
  private compiler: ProjectCompiler | undefined;
  private targetDir = '';
  /** Absolute path of each model file → its unique_id. */
  private models = new Map<string, string>();
  private pieces: PieceCache = new WeakMap();

  constructor(
    private readonly args: ParsedArgs,
    private readonly io: CommandIO,
    private readonly projectDir: string,
    private readonly summarize: (manifest: Manifest) => string,
  ) {}

  /** Parses after `files` (relative to the project folder) were saved; none: the first parse. */
  async parse(files: string[]): Promise<WatchedParse> {
    if (files.length > 0 && this.compiler) {
      const patched = await this.patch(files);
      if (patched) return patched;
    }
    this.compiler = undefined;
    const parsed = await parseManifest(this.args, this.io, 'parse', this.summarize, true);
    this.remember(parsed.compiler, parsed.targetDir);
    return { manifest: parsed.manifest(), how: parsed.reused ? 'nothing changed' : (parsed.partial ?? 'full parse') };
  }

  private remember(compiler: ProjectCompiler | undefined, targetDir: string): void {
    this.compiler = compiler?.internals ? compiler : undefined;
    this.targetDir = targetDir;
    this.pieces = new WeakMap();
    this.models.clear();
    for (const draft of compiler?.internals?.state.drafts.values() ?? []) {
      if (draft.kind === 'model') this.models.set(path.join(draft.pkg.root, draft.node.original_file_path), draft.node.unique_id);
    }
  }

  /** The hot patch of every saved file, or undefined when one of them needs a parse. */
  private async patch(files: string[]): Promise<WatchedParse | undefined> {
    const internals = this.compiler?.internals;
    if (!internals) return undefined;
    const changedIds: string[] = [];
    for (const file of files) {
      const absolute = path.join(this.projectDir, file);
      const uniqueId = this.models.get(absolute);
      if (uniqueId === undefined) return undefined;
      let contents: string;
      try {
        contents = fs.readFileSync(absolute, 'utf8');
      } catch {
        return undefined;
      }
      if (contents === internals.state.drafts.get(uniqueId)?.template) continue;
      if ((await patchModel(internals, uniqueId, contents)) !== undefined) return undefined;
      changedIds.push(uniqueId);
    }
    const manifest = internals.state.manifest;
    manifest.metadata.generated_at = new Date().toISOString();
    writeManifest(manifest, this.targetDir, this.pieces);
    const count = changedIds.length;
    return { manifest, how: `hot patch: ${count} model${count === 1 ? '' : 's'} rendered again`, changedIds };
  }
}
