/**
 * `dailies parse --watch`: parse, then parse again (partially) each time a project file is saved,
 * printing what changed in the manifest (nodes added, removed, modified) and how long it took, or
 * the error with its file and line. Runs until Ctrl-C (the command's abort signal).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describeError } from '../errors.js';
import type { Manifest } from '../graph/types.js';
import type { CommandIO } from './command.js';

/** Files whose change can change a parse (as parse-cache.ts hashes them), outside the folders a parse writes. */
const WATCHED_FILE = /(\.(sql|ya?ml|csv|md|py)|(^|\/)\.dbtignore)$/i;
const IGNORED_TOP = new Set(['target', 'logs', '.git', 'node_modules']);
/** How long to wait after the last change before parsing (an editor's save can be several writes). */
const DEBOUNCE_MS = 150;

export interface WatchedParse {
  manifest: Manifest;
  /** When only these members can have changed (a hot patch): what the report compares. */
  changedIds?: string[];
  /** What the one-line report says after the counts (e.g. `partial parse: 1 of 20 nodes rendered again`). */
  how: string;
}

export interface WatchChange {
  added: string[];
  removed: string[];
  modified: string[];
}

/** The nodes (and sources, exposures) added, removed or changed between two manifests. */
export function manifestChanges(before: Map<string, string>, after: Map<string, string>): WatchChange {
  const change: WatchChange = { added: [], removed: [], modified: [] };
  for (const [id, text] of after) {
    const old = before.get(id);
    if (old === undefined) change.added.push(id);
    else if (old !== text) change.modified.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) change.removed.push(id);
  return change;
}

/** Each member's JSON by unique_id (what "modified" compares). */
export function memberTexts(manifest: Manifest): Map<string, string> {
  const texts = new Map<string, string>();
  for (const group of [manifest.nodes, manifest.sources, manifest.exposures]) {
    for (const [id, member] of Object.entries(group)) texts.set(id, JSON.stringify(member));
  }
  return texts;
}

function listed(label: string, ids: string[]): string {
  if (ids.length === 0) return '';
  const shown = ids.slice(0, 5).join(', ');
  return `; ${ids.length} ${label}: ${shown}${ids.length > 5 ? `, … (${ids.length - 5} more)` : ''}`;
}

export function describeChanges(change: WatchChange): string {
  const text = `${listed('modified', change.modified)}${listed('added', change.added)}${listed('removed', change.removed)}`;
  return text === '' ? '; no node changed' : text;
}

export function clock(): string {
  return new Date().toISOString().slice(11, 19);
}

/**
 * Parses with `parse` now and after every save under `projectDir`, until `io.signal` aborts.
 * Returns 0 when stopped.
 */
export async function watchProject(projectDir: string, io: CommandIO, parse: (files: string[]) => Promise<WatchedParse>): Promise<number> {
  let previous: Map<string, string> | undefined;
  return watchFiles(projectDir, io, async (reason, files) => {
    const started = performance.now();
    try {
      const result = await parse(files);
      let changes: string;
      if (previous && result.changedIds) {
        const change: WatchChange = { added: [], removed: [], modified: [] };
        for (const id of result.changedIds) {
          const text = JSON.stringify(result.manifest.nodes[id]);
          if (text !== previous.get(id)) change.modified.push(id);
          previous.set(id, text);
        }
        changes = describeChanges(change);
      } else {
        const texts = memberTexts(result.manifest);
        changes = previous ? describeChanges(manifestChanges(previous, texts)) : `; ${Object.keys(result.manifest.nodes).length} nodes`;
        previous = texts;
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      io.stdout(`[${clock()}] ${reason}: parsed in ${seconds}s (${result.how})${changes}\n`);
    } catch (error) {
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      io.stdout(`[${clock()}] ${reason}: error after ${seconds}s: ${describeError(error)}\n`);
    }
  });
}

/**
 * Runs `run` now (reason `start`) and again after every save under `projectDir` (reason: the file
 * saved, or how many; `files`: the saved files, relative to `projectDir`), one run at a time,
 * until `io.signal` aborts. `run` reports its own errors. Returns 0 when stopped.
 */
export async function watchFiles(projectDir: string, io: CommandIO, run: (reason: string, files: string[]) => Promise<void>): Promise<number> {
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const flush = (): void => {
    timer = undefined;
    const files = [...changed].sort();
    changed.clear();
    const reason = files.length === 1 ? files[0]! : `${files.length} files`;
    running = running.then(() => run(reason, files));
  };
  const watcher = fs.watch(projectDir, { recursive: true }, (_event, name) => {
    if (name === null) return;
    const file = name.split(path.sep).join('/');
    if (IGNORED_TOP.has(file.split('/')[0] ?? '') || !WATCHED_FILE.test(file)) return;
    changed.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  });
  // the watcher first (on Linux it sets itself up folder by folder while the first run goes)
  await run('start', []);
  io.stdout(`Watching ${projectDir} for changes (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  if (timer) clearTimeout(timer);
  watcher.close();
  await running;
  return 0;
}
