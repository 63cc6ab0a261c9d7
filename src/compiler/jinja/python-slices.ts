/** Python's slicing (`s[::-1]`, `xs[1:]`, `xs[-2:]`) of strings, lists and tuples. */
import { isPyString, PyTuple, pyStr, pyTuple } from './python-values.js';

function bound(value: unknown, length: number, fallback: number, low: number, high: number): number {
  if (value === null || value === undefined) return fallback;
  let index = Math.trunc(Number(value));
  if (index < 0) index += length;
  return Math.min(Math.max(index, low), high);
}

/** The indexes `start:stop:step` selects in a sequence of `length` items. */
function sliceIndexes(length: number, start: unknown, stop: unknown, step: unknown): number[] {
  const by = step === null || step === undefined ? 1 : Math.trunc(Number(step));
  if (by === 0) throw new Error('ValueError: slice step cannot be zero');
  const indexes: number[] = [];
  if (by > 0) {
    const from = bound(start, length, 0, 0, length);
    const to = bound(stop, length, length, 0, length);
    for (let i = from; i < to; i += by) indexes.push(i);
  } else {
    const from = bound(start, length, length - 1, -1, length - 1);
    const to = bound(stop, length, -1, -1, length - 1);
    for (let i = from; i > to; i += by) indexes.push(i);
  }
  return indexes;
}

export function pySlice(target: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (target === undefined || target === null) return undefined;
  if (isPyString(target)) {
    const chars = [...String(target)];
    return sliceIndexes(chars.length, start, stop, step).map((i) => chars[i]).join('');
  }
  if (Array.isArray(target)) {
    const items = sliceIndexes(target.length, start, stop, step).map((i) => target[i] as unknown);
    return target instanceof PyTuple ? pyTuple(items) : items;
  }
  throw new Error(`${pyStr(target)} cannot be sliced`);
}
