/**
 * Partial parse: the results of earlier parse renders, reused for the nodes a change cannot
 * affect. A node's parse render (config(), ref(), source(), its output with placeholder
 * relations) depends on its template, place, properties and config up to the YAML layer (its
 * key), on the macros it called (each macro's text), on the vars and env vars it read, on
 * `flags` when it read them, and on what is the same for the whole project (the project key:
 * target, packages' dbt_project.yml, the set of macros). A render that read anything else
 * (`graph`, `run_started_at`, `doc()`, a value that is not plain data) is not kept. Everything
 * after the parse render (config, names, tests, links, compile, maps) runs as in a full parse,
 * so a partial parse writes the same manifest as a full one.
 */
import { createHash } from 'node:crypto';
import type { NodeRef } from '../../graph/types.js';
import type { CompileState, NodeDraft, PendingTarget } from '../compile-state.js';
import { publicTarget } from '../project-globals.js';
import { emptyReads, type RenderReads } from './reads.js';

// 5: DuckDB relations are named with the database before connecting (older memos hold two-part names)
export const MEMO_FORMAT = 5;

/** One node's parse render. */
interface MemoEntry {
  /** parse output, in-file config, refs, sources, pending targets, printed tokens, needs-rerender. */
  o: string | null;
  c: Record<string, unknown>;
  /** The config() calls' values as written (unrendered_config). */
  u: Record<string, unknown>;
  r: NodeRef[];
  s: [string, string][];
  p: PendingTarget[];
  t: string[];
  n: boolean;
  /** Macros called, vars read (name → JSON of the lookup), env vars read, flags (JSON) when read. */
  m: string[];
  /** The macros the template called itself, in call order (depends_on.macros); caller → callees among macros. */
  d: string[];
  k: [string, string[]][];
  v: Record<string, string>;
  e: Record<string, string | null>;
  f?: string;
}

export interface MemoFile {
  format: number;
  project: string;
  /** Macro unique_id → sha1 of its text, when the entries were rendered. */
  macros: Record<string, string>;
  /**
   * unique_id → [sha1 of the node's own inputs, the MemoEntry as JSON]: kept as text, so a reused
   * entry is parsed alone (a fresh copy for the draft) and written back unchanged.
   */
  entries: Record<string, [string, string]>;
}

export interface MemoStats {
  reused: number;
  rendered: number;
  /** Why the stored entries were all dropped, when they were. */
  dropped?: string;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Plain data only (what survives JSON unchanged): no undefined, no class instances, no functions. */
function isPlain(value: unknown, depth = 0): boolean {
  if (depth > 50) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isPlain(item, depth + 1));
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value as Record<string, unknown>).every((item) => isPlain(item, depth + 1));
}

/** What every parse render of the project shares: a change here drops every entry. */
function projectKey(state: CompileState): string {
  const packages = state.project.packages.map((pkg) => {
    const { place: _place, vars: _vars, ...config } = pkg.config;
    return { name: pkg.name, root: pkg.isRoot, config };
  });
  const macros = state.env.macros().map((macro) => macro.uniqueId).sort();
  return sha1(
    JSON.stringify({
      format: MEMO_FORMAT,
      target: publicTarget(state),
      dialect: state.dialect.type,
      profile: state.project.profileName,
      packages,
      macros,
    }),
  );
}

/** The node's own inputs: template, place, resource, properties and config up to YAML. */
function draftKey(draft: NodeDraft): string {
  const node = draft.node;
  return sha1(
    JSON.stringify([
      draft.kind,
      node.unique_id,
      node.fqn,
      node.path,
      node.original_file_path,
      node.schema,
      node.dailies.checksums.contents ?? node.checksum.checksum,
      draft.placeFile,
      draft.templateLine,
      draft.template,
      draft.baseConfig,
      draft.props ?? null,
    ]),
  );
}

export class ParseMemo {
  private readonly stored: MemoFile | undefined;
  private readonly next: MemoFile;
  private readonly macroHashes = new Map<string, string>();
  readonly stats: MemoStats = { reused: 0, rendered: 0 };
  private started = false;
  private project = '';

  /** `stored`: what an earlier parse kept (undefined, or another format: nothing is reused). */
  constructor(stored: unknown) {
    this.stored = isMemoFile(stored) ? stored : undefined;
    this.next = { format: MEMO_FORMAT, project: '', macros: {}, entries: {} };
  }

  private start(state: CompileState): void {
    if (this.started) return;
    this.started = true;
    this.project = projectKey(state);
    this.next.project = this.project;
    for (const macro of state.env.macros()) this.macroHashes.set(macro.uniqueId, sha1(macro.sql));
    if (this.stored && this.stored.project !== this.project) this.stats.dropped = 'the project, profile target or set of macros changed';
  }

  /** Parse-renders `draft` with `render`, unless an earlier render of the same inputs can be reused. */
  parseRender(state: CompileState, draft: NodeDraft, render: (state: CompileState, draft: NodeDraft) => void): void {
    if (draft.kind === 'seed' || draft.renderTest) {
      render(state, draft);
      return;
    }
    this.start(state);
    const key = draftKey(draft);
    const old = this.stored && !this.stats.dropped ? this.stored.entries[draft.node.unique_id] : undefined;
    const entry = Array.isArray(old) && old[0] === key && typeof old[1] === 'string' ? (JSON.parse(old[1]) as MemoEntry) : undefined;
    if (old && entry && this.stillValid(state, draft, entry)) {
      restore(draft, entry);
      this.next.entries[draft.node.unique_id] = old;
      for (const macro of entry.m) this.next.macros[macro] = this.macroHashes.get(macro) as string;
      this.stats.reused++;
      return;
    }
    this.stats.rendered++;
    const reads = emptyReads();
    state.reads = reads;
    try {
      render(state, draft);
    } finally {
      state.reads = undefined;
    }
    const fresh = this.entryOf(state, draft, reads);
    if (fresh) {
      this.next.entries[draft.node.unique_id] = [key, JSON.stringify(fresh)];
      for (const macro of fresh.m) this.next.macros[macro] = this.macroHashes.get(macro) as string;
    }
  }

  private stillValid(state: CompileState, draft: NodeDraft, entry: MemoEntry): boolean {
    const macros = this.stored?.macros ?? {};
    for (const macro of entry.m) {
      const now = this.macroHashes.get(macro);
      if (now === undefined || macros[macro] !== now) return false;
    }
    for (const [name, found] of Object.entries(entry.v)) if (JSON.stringify(state.lookupVar(draft.pkg, name)) !== found) return false;
    // read through the project's env (not `this.env`), so a recorder of env reads sees these too
    for (const [name, value] of Object.entries(entry.e)) if ((state.project.env[name] ?? null) !== value) return false;
    if (entry.f !== undefined && entry.f !== flagsText(state)) return false;
    return true;
  }

  private entryOf(state: CompileState, draft: NodeDraft, reads: RenderReads): MemoEntry | undefined {
    if (reads.volatile) return undefined;
    const { node } = draft;
    const entry: MemoEntry = {
      o: draft.parseOutput,
      c: draft.inFileConfig,
      u: draft.configCalls,
      r: node.refs,
      s: node.sources,
      p: draft.pending,
      t: [...draft.printedTokens],
      n: draft.needsRerender,
      m: [...draft.tracker.macrosCalled],
      d: draft.directMacros,
      k: [...(draft.tracker.recordedCalls() ?? [])].map(([caller, callees]) => [caller, [...callees]]),
      v: Object.fromEntries(reads.vars),
      e: Object.fromEntries(reads.env),
    };
    if (reads.flags) entry.f = flagsText(state);
    if (!entry.m.every((macro) => this.macroHashes.has(macro))) return undefined;
    return isPlain(entry) ? entry : undefined;
  }

  /** What to store for the next parse: the entries of this one. */
  toJSON(): MemoFile {
    return this.next;
  }
}

/** The `flags` templates see (as project-globals.ts builds them). */
function flagsText(state: CompileState): string {
  const flags = state.options.flags ?? {};
  return JSON.stringify([flags.fullRefresh === true, flags.storeFailures === true, flags.which ?? 'compile', flags.introspect !== false]);
}

function isMemoFile(value: unknown): value is MemoFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Partial<MemoFile>;
  return file.format === MEMO_FORMAT && typeof file.project === 'string' && typeof file.macros === 'object' && typeof file.entries === 'object' && file.entries !== null;
}

/** Puts a stored render's results (a fresh parse of its JSON) on the draft, as parseRender would have left them. */
function restore(draft: NodeDraft, copy: MemoEntry): void {
  draft.parseOutput = copy.o;
  draft.inFileConfig = copy.c;
  draft.configCalls = copy.u;
  draft.node.refs = copy.r;
  draft.node.sources = copy.s;
  draft.pending = copy.p;
  draft.printedTokens = new Set(copy.t);
  draft.needsRerender = copy.n;
  for (const macro of copy.m) draft.tracker.macrosCalled.add(macro);
  draft.directMacros = copy.d;
  for (const macro of copy.d) draft.tracker.directMacros?.add(macro);
  for (const [caller, callees] of copy.k) draft.tracker.macroCalls.set(caller, new Set(callees));
}
