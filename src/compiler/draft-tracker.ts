/**
 * A node draft's RenderTracker, kept small: a project has ~20,000 drafts alive for the whole
 * compile, and most of them never see a macro call another. `directMacros` exists only while a
 * parse render runs (node-render.ts); `macroCalls` is made on the first macro-to-macro call, or
 * is one map that every generic test of the project shares (nothing needs one test's own calls:
 * only their union reaches the manifest, as the macros' depends_on).
 */
import type { RenderTracker } from './jinja/types.js';

export class DraftTracker implements RenderTracker {
  readonly macrosCalled = new Set<string>();
  directMacros: Set<string> | undefined = undefined;
  /** Set when a render read an attribute of an undefined value (see RenderTracker). */
  undefinedAccess = false;
  private calls: Map<string, Set<string>> | undefined;

  constructor(shared?: Map<string, Set<string>>) {
    this.calls = shared;
  }

  /** What the template engine records into (made on first use). */
  get macroCalls(): Map<string, Set<string>> {
    return (this.calls ??= new Map());
  }

  /** The macro-to-macro calls recorded so far, without making an empty map. */
  recordedCalls(): ReadonlyMap<string, ReadonlySet<string>> | undefined {
    return this.calls;
  }
}
