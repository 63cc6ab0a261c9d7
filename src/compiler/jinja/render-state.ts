/**
 * The renders in progress. Macros are compiled once and shared by every render, so what a
 * macro sees of "the node being rendered" (its globals: `this`, `ref`, `config`, `target`, …)
 * is read from the innermost render on this stack when the macro runs.
 */
import type { RenderTracker } from './types.js';

export interface ActiveRender {
  globals: Record<string, unknown>;
  tracker?: RenderTracker;
  /** `{% call statement('name', fetch_result=True) %}` results, for `load_result('name')`. */
  results: Map<string, unknown>;
  /** Packages of the macros executing now, innermost last (bare-name dispatch looks at the last). */
  packages: string[];
  /** Unique ids of the macros executing now, innermost last (empty: the template itself is running). */
  calls: string[];
  /** `adapter` as templates see it (the compiler's, with `dispatch` added when it has none). */
  adapter?: unknown;
}

/** The innermost render of any environment (renders are synchronous: one runs at a time, nested ones inside it). */
let innermost: ActiveRender | undefined;

export function currentRender(): ActiveRender | undefined {
  return innermost;
}

export class RenderStack {
  private readonly renders: ActiveRender[] = [];

  get current(): ActiveRender | undefined {
    return this.renders[this.renders.length - 1];
  }

  /**
   * Runs `work` as a render with these globals. With the globals of the current render it is part
   * of that render (its statement results, calling package and adapter), recording into `tracker`.
   */
  run<T>(globals: Record<string, unknown>, tracker: RenderTracker | undefined, work: () => T): T {
    const current = this.current;
    if (current && current.globals === globals && current.tracker === tracker) return work();
    const sameNode = current && current.globals === globals;
    const render: ActiveRender = sameNode
      ? { globals, tracker, results: current.results, packages: current.packages, calls: current.calls, adapter: current.adapter }
      : { globals, tracker, results: new Map(), packages: [], calls: [] };
    this.renders.push(render);
    const outer = innermost;
    innermost = render;
    try {
      return work();
    } finally {
      innermost = outer;
      this.renders.pop();
    }
  }
}
