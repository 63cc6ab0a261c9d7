/**
 * Jinja's `loop` variable inside `{% for %}`: `index`, `index0`, `revindex`, `revindex0`, `first`,
 * `last`, `length`, `previtem`, `nextitem`, `depth`/`depth0`, `cycle(...)` and `changed(...)`; in a
 * `recursive` loop, `loop(items)` renders the loop body for `items` one level deeper (the
 * template runtime's callWrap calls `call`). The compiled loop sets `index0` each iteration.
 */
import { pyEquals, pyTuple } from './python-values.js';

export class LoopContext {
  index0 = 0;
  private previous: unknown[] | undefined;

  constructor(
    private readonly items: unknown,
    readonly length: number,
    readonly depth = 1,
    private readonly recurse?: (items: unknown, depth: number) => string,
  ) {}

  get depth0(): number {
    return this.depth - 1;
  }

  /** `loop(items)`: Jinja2 raises for a loop that is not `recursive`. */
  call(items: unknown): string {
    if (!this.recurse) throw new TypeError("The loop must have the 'recursive' marker to be called recursively.");
    return this.recurse(items, this.depth + 1);
  }

  get index(): number {
    return this.index0 + 1;
  }
  get revindex(): number {
    return this.length - this.index0;
  }
  get revindex0(): number {
    return this.length - this.index0 - 1;
  }
  get first(): boolean {
    return this.index0 === 0;
  }
  get last(): boolean {
    return this.index0 === this.length - 1;
  }
  /** The item before this one (undefined on the first, and when iterating a dict's pairs). */
  get previtem(): unknown {
    return this.indexable() && this.index0 > 0 ? (this.items as ArrayLike<unknown>)[this.index0 - 1] : undefined;
  }
  get nextitem(): unknown {
    return this.indexable() && this.index0 + 1 < this.length ? (this.items as ArrayLike<unknown>)[this.index0 + 1] : undefined;
  }
  private indexable(): boolean {
    return Array.isArray(this.items) || typeof this.items === 'string';
  }
  cycle(...values: unknown[]): unknown {
    return values[this.index0 % values.length];
  }
  /** True on the first call and whenever the values differ from the previous call's. */
  changed(...values: unknown[]): boolean {
    const changed = this.previous === undefined || !pyEquals(pyTuple(this.previous), pyTuple(values));
    this.previous = values;
    return changed;
  }
}
