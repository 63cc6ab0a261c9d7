/**
 * Dependency cycles: found with an iterative depth-first search, reported as the path
 * `a (file) → b (file) → a (file)`.
 */
import { DailiesError } from '../errors.js';

export function findCycle(nodes: Iterable<string>, parentsOf: (id: string) => string[]): string[] | null {
  const state = new Map<string, 1 | 2>(); // 1: on the stack, 2: done
  for (const start of nodes) {
    if (state.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const parents = parentsOf(frame.id);
      if (frame.next >= parents.length) {
        state.set(frame.id, 2);
        stack.pop();
        continue;
      }
      const parent = parents[frame.next++];
      const seen = state.get(parent);
      if (seen === 1) {
        const from = stack.findIndex((entry) => entry.id === parent);
        return [...stack.slice(from).map((entry) => entry.id), parent].reverse();
      }
      if (seen === undefined) {
        state.set(parent, 1);
        stack.push({ id: parent, next: 0 });
      }
    }
  }
  return null;
}

/** `describe(id, next)` names a node, its file and the line where it refers to `next`. */
export function cycleError(cycle: string[], describe: (id: string, next: string | undefined) => { name: string; file: string; line?: number }): DailiesError {
  const steps = cycle.map((id) => {
    const { name, file } = describe(id, undefined);
    return `${name} (${file})`;
  });
  // the cycle reads in data-flow order, so the second node is the one whose ref closes it
  const closing = describe(cycle[1] ?? cycle[0], cycle[0]);
  return new DailiesError('cycle', `dependency cycle: ${steps.join(' → ')}`, {
    place: { file: closing.file, line: closing.line },
    hint: 'a model cannot depend on itself through its refs; remove one of the refs in the cycle',
  });
}
