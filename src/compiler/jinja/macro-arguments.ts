/**
 * How a call's arguments reach a macro, as Jinja binds them: positional parameters first, then by
 * keyword; extra positional arguments in `varargs`, extra keywords in `kwargs`, and Jinja2's
 * errors when the macro reads neither. Calls that forward `*args`/`**kwargs` are assembled here.
 */
import { pyStr, pyTuple } from './python-values.js';

/** The keyword arguments a macro does not declare (its `kwargs`). */
export function pyExtraKeywords(kwargs: Record<string, unknown>, declared: string[], usesCaller = true): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(kwargs)) if (key !== '__keywords' && (key !== 'caller' || !usesCaller) && !declared.includes(key)) extra[key] = kwargs[key];
  return extra;
}

/** Where a macro's extra positional arguments travel from makeMacro to the macro body (`varargs`); a symbol, so no keyword can clash. */
export const VARARGS = Symbol('varargs');
export const NO_VARARGS = Object.freeze(pyTuple([]));

/**
 * Binds a call's arguments to a macro's parameters as Jinja does: positional ones first, then by
 * keyword; extra positional arguments become `varargs`, extra keywords stay in `kwargs`. (Like
 * nunjucks's makeMacro, it takes over the call's keyword object, which each call makes anew.)
 */
export function makeMacro(argNames: string[], kwargNames: string[], func: (...args: unknown[]) => unknown) {
  const declared = argNames.length + kwargNames.length;
  return function macro(this: unknown, ...callArgs: unknown[]): unknown {
    const last = callArgs[callArgs.length - 1];
    const hasKeywords = last !== null && typeof last === 'object' && (last as { __keywords?: unknown }).__keywords === true;
    const kwargs = (hasKeywords ? last : {}) as Record<string | symbol, unknown>;
    const count = hasKeywords ? callArgs.length - 1 : callArgs.length;
    if (count === argNames.length) {
      if (!hasKeywords) callArgs.push(kwargs);
      return func.apply(this, callArgs);
    }
    const args: unknown[] = new Array(argNames.length + 1);
    for (let i = 0; i < argNames.length; i++) {
      const name = argNames[i]!;
      if (i < count) args[i] = callArgs[i];
      else {
        args[i] = kwargs[name];
        delete kwargs[name];
      }
    }
    for (let i = argNames.length; i < count && i < declared; i++) kwargs[kwargNames[i - argNames.length]!] = callArgs[i];
    if (count > declared) kwargs[VARARGS] = pyTuple(callArgs.slice(declared, count));
    args[argNames.length] = kwargs;
    return func.apply(this, args);
  };
}

/**
 * Jinja2's errors for arguments a macro cannot take (it reads neither `varargs` nor `kwargs`), in
 * Jinja2's order. A call block passes `caller`: a macro whose body never reads `caller` has no
 * such parameter, so Jinja2 (and dbt) reject the call unless the macro reads `kwargs`.
 */
export function pyCheckArguments(name: string, kwargs: Record<string | symbol, unknown>, declared: string[], catchVarargs: boolean, catchKwargs: boolean, usesCaller = true): void {
  if (!catchKwargs) {
    if (!usesCaller && kwargs.caller !== undefined) throw new TypeError(`macro '${name}' was invoked with two values for the special caller argument. This is most likely a bug.`);
    for (const key of Object.keys(kwargs)) {
      if (key !== '__keywords' && key !== 'caller' && !declared.includes(key)) throw new TypeError(`macro '${name}' takes no keyword argument '${key}'`);
    }
  }
  const extra = kwargs[VARARGS] as unknown[] | undefined;
  if (!catchVarargs && extra && extra.length > 0) throw new TypeError(`macro '${name}' takes not more than ${declared.length} argument(s)`);
}

/** Positional groups (`[a]`, or the items of `*args`) and keyword groups (`{k: v}`, or `**kwargs`) as one argument list. */
export function pyCallArgs(positional: unknown[][], keywordGroups: unknown[]): unknown[] {
  const args = positional.flat();
  const keywords: Record<string, unknown> = {};
  for (const group of keywordGroups) {
    if (group === null || typeof group !== 'object') throw new Error(`argument after ** must be a mapping, not ${pyStr(group)}`);
    for (const [key, value] of Object.entries(group)) if (key !== '__keywords') keywords[key] = value;
  }
  if (Object.keys(keywords).length > 0) args.push({ ...keywords, __keywords: true });
  return args;
}
