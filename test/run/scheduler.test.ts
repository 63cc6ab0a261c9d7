import { describe, expect, it } from 'vitest';
import { runDag, type SkipReason } from '../../src/run/scheduler.js';

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Recorded {
  order: string[];
  skipped: Map<string, SkipReason>;
  maxRunning: number;
}

async function run(
  edges: Record<string, string[]>,
  options: { threads?: number; fail?: string[]; failFast?: boolean; signal?: AbortSignal; onStart?: (id: string) => void; ms?: number } = {},
): Promise<Recorded> {
  const recorded: Recorded = { order: [], skipped: new Map(), maxRunning: 0 };
  let running = 0;
  await runDag({
    ids: Object.keys(edges),
    parents: new Map(Object.entries(edges)),
    threads: options.threads ?? 1,
    failFast: options.failFast,
    signal: options.signal,
    run: async (id) => {
      running += 1;
      recorded.maxRunning = Math.max(recorded.maxRunning, running);
      recorded.order.push(id);
      options.onStart?.(id);
      await delay(options.ms ?? 5);
      running -= 1;
      return !(options.fail ?? []).includes(id);
    },
    skip: (id, reason) => recorded.skipped.set(id, reason),
  });
  return recorded;
}

describe('runDag', () => {
  it('starts a node only after all of its parents finished', async () => {
    const result = await run({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'] }, { threads: 4 });
    expect(result.order[0]).toBe('a');
    expect(result.order[3]).toBe('d');
    expect(result.skipped.size).toBe(0);
  });

  it('runs independent branches concurrently up to the thread count', async () => {
    const four = await run({ a: [], b: [], c: [], d: [], e: [] }, { threads: 4, ms: 20 });
    expect(four.maxRunning).toBe(4);
    const one = await run({ a: [], b: [], c: [] }, { threads: 1 });
    expect(one.maxRunning).toBe(1);
  });

  it('skips every descendant of a failure, naming the failed node, and runs the rest', async () => {
    const result = await run({ a: [], b: ['a'], c: ['b'], x: [] }, { fail: ['a'] });
    expect(result.order.sort()).toEqual(['a', 'x']);
    expect(result.skipped.get('b')).toEqual({ kind: 'upstream', failedNode: 'a' });
    expect(result.skipped.get('c')).toEqual({ kind: 'upstream', failedNode: 'a' });
  });

  it('stops starting new nodes after the first failure with failFast', async () => {
    const result = await run({ a: [], b: [], c: [] }, { fail: ['a'], failFast: true });
    expect(result.order).toEqual(['a']);
    expect(result.skipped.get('b')).toEqual({ kind: 'fail-fast', failedNode: 'a' });
  });

  it('lets running nodes finish and skips the rest when the signal aborts', async () => {
    const controller = new AbortController();
    const result = await run(
      { a: [], b: ['a'], c: ['b'] },
      { signal: controller.signal, onStart: (id) => id === 'a' && controller.abort() },
    );
    expect(result.order).toEqual(['a']);
    expect([...result.skipped.keys()].sort()).toEqual(['b', 'c']);
    expect(result.skipped.get('b')).toEqual({ kind: 'interrupted' });
  });
});
