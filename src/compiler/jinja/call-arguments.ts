/**
 * nunjucks passes keyword arguments as one trailing object marked `__keywords: true`;
 * this splits a call's arguments into positional and keyword ones.
 */
import type { CallArguments } from './types.js';

export function isKeywordArguments(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && (value as { __keywords?: unknown }).__keywords === true;
}

export function callArguments(args: unknown[]): CallArguments {
  const last = args.length > 0 ? args[args.length - 1] : undefined;
  if (!isKeywordArguments(last)) return { positional: args.slice(), keywords: {} };
  const keywords: Record<string, unknown> = {};
  for (const key of Object.keys(last)) if (key !== '__keywords') keywords[key] = last[key];
  return { positional: args.slice(0, -1), keywords };
}

/** Builds the argument list a nunjucks callable expects from positional and keyword arguments. */
export function withKeywords(positional: unknown[], keywords: Record<string, unknown>): unknown[] {
  if (Object.keys(keywords).length === 0) return positional;
  return [...positional, { ...keywords, __keywords: true }];
}
