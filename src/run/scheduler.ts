/**
 * Runs a DAG of tasks in parallel, up to `threads` at once. A task starts when all of its parents
 * succeeded; a failed task skips every descendant (naming the failed task); fail-fast and an
 * aborted signal stop starting new tasks, let running ones finish and skip the rest.
 */

export type SkipReason =
  | { kind: 'upstream'; failedNode: string }
  | { kind: 'fail-fast'; failedNode: string }
  | { kind: 'interrupted' };

export function describeSkipReason(reason: SkipReason): string {
  switch (reason.kind) {
    case 'upstream':
      return `upstream fail: ${reason.failedNode}`;
    case 'fail-fast':
      return `fail-fast after ${reason.failedNode} failed`;
    case 'interrupted':
      return 'interrupted';
  }
}

export interface DagOptions {
  /** Task ids in their preferred start order (ties between ready tasks are broken by this order). */
  ids: string[];
  /** Parents of each task, restricted to `ids`. */
  parents: Map<string, string[]>;
  threads: number;
  failFast?: boolean;
  signal?: AbortSignal;
  /** Runs one task on worker `thread` (0-based); resolves `true` on success, `false` on failure. Must not reject. */
  run: (id: string, thread: number) => Promise<boolean>;
  /** Called once for each task that will not run. */
  skip: (id: string, reason: SkipReason) => void;
}

export async function runDag(options: DagOptions): Promise<void> {
  const { ids, parents } = options;
  const threads = Math.max(1, Math.floor(options.threads) || 1);
  const order = new Map(ids.map((id, index) => [id, index]));
  const children = new Map<string, string[]>(ids.map((id) => [id, []]));
  const waitingOn = new Map<string, number>();
  for (const id of ids) {
    const own = (parents.get(id) ?? []).filter((parent) => order.has(parent) && parent !== id);
    waitingOn.set(id, own.length);
    for (const parent of own) children.get(parent)!.push(id);
  }

  const done = new Set<string>();
  const ready: string[] = ids.filter((id) => waitingOn.get(id) === 0);
  let running = 0;
  let stopReason: SkipReason | null = null;

  const skipTask = (id: string, reason: SkipReason): void => {
    if (done.has(id)) return;
    done.add(id);
    options.skip(id, reason);
  };
  const skipDescendants = (failed: string): void => {
    const stack = [...children.get(failed)!];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (done.has(id)) continue;
      skipTask(id, { kind: 'upstream', failedNode: failed });
      stack.push(...children.get(id)!);
    }
  };

  await new Promise<void>((resolve) => {
    const pump = (): void => {
      if (stopReason === null && options.signal?.aborted) stopReason = { kind: 'interrupted' };
      if (stopReason !== null) {
        ready.length = 0;
        if (running === 0) {
          for (const id of ids) skipTask(id, stopReason);
        }
      }
      if (ready.length > 1) ready.sort((a, b) => order.get(a)! - order.get(b)!);
      while (stopReason === null && running < threads && ready.length > 0) {
        const id = ready.shift()!;
        if (done.has(id)) continue;
        running += 1;
        const thread = freeThreads.shift() ?? 0;
        void options.run(id, thread).then(
          (ok) => finish(id, thread, ok),
          () => finish(id, thread, false),
        );
      }
      if (running === 0 && (ready.length === 0 || stopReason !== null)) resolve();
    };
    const freeThreads = Array.from({ length: threads }, (_, index) => index);
    const finish = (id: string, thread: number, ok: boolean): void => {
      running -= 1;
      freeThreads.push(thread);
      freeThreads.sort((a, b) => a - b);
      done.add(id);
      if (ok) {
        for (const child of children.get(id)!) {
          const left = waitingOn.get(child)! - 1;
          waitingOn.set(child, left);
          if (left === 0 && !done.has(child)) ready.push(child);
        }
      } else {
        skipDescendants(id);
        if (options.failFast && stopReason === null) stopReason = { kind: 'fail-fast', failedNode: id };
      }
      pump();
    };
    options.signal?.addEventListener('abort', () => pump(), { once: true });
    pump();
  });
}
