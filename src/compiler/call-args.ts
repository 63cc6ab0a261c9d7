/**
 * Reading the arguments nunjucks passes to context functions: positional values, then keyword
 * arguments as a trailing object marked `__keywords` (see CallArguments in ./jinja/types.ts).
 */
import { callArguments } from './jinja/index.js';
import type { CallArguments } from './jinja/types.js';

export function splitArguments(args: unknown[]): CallArguments {
  return callArguments(args);
}

export function keywordsOf(args: unknown[]): Record<string, unknown> {
  return splitArguments(args).keywords;
}

/** The argument at `index`, or the keyword `name`, or undefined. */
export function argument(call: CallArguments, index: number, name: string): unknown {
  if (call.keywords[name] !== undefined) return call.keywords[name];
  return call.positional[index];
}
