/**
 * Turns whatever a render threw into a DailiesError of kind `compile` at the right place:
 * the line inside the macro where it was raised, else the line of the rendered file
 * (offset by where the rendered text starts in it).
 */
import { DailiesError, isDailiesError, type SourcePlace } from '../../errors.js';
import { errorOrigin, MacroReturn, UndefinedCallError } from './template-runtime.js';
import type { RenderPlace } from './types.js';

function placeOf(error: unknown, place: RenderPlace): SourcePlace {
  const origin = errorOrigin(error);
  if (origin && origin.file !== null) return { file: origin.file, line: origin.line };
  const relative = origin?.line ?? (error as { lineno?: number } | null)?.lineno;
  return { file: place.file, line: (place.line ?? 1) + (relative ?? 1) - 1 };
}

function cleanMessage(message: string): string {
  return message.replace(/^\(unknown path\)\s*(\[Line \d+, Column \d+\])?\s*/, '').replace(/^(Template render error|Error):\s*/, '').trim();
}

/** A syntax error while compiling `place`'s text (nunjucks's TemplateError, 1-based `lineno`). */
export function syntaxError(error: unknown, place: RenderPlace): DailiesError {
  const lineno = (error as { lineno?: number }).lineno;
  return new DailiesError('compile', `Jinja syntax error: ${cleanMessage((error as Error).message ?? String(error))}`, {
    place: { file: place.file, line: (place.line ?? 1) + (lineno ?? 1) - 1 },
    hint: 'check the {{ }} / {% %} tags on this line: every block needs its end tag and every expression its closing braces',
    cause: error,
  });
}

/** An error raised while rendering. */
export function renderError(error: unknown, place: RenderPlace): DailiesError {
  const where = placeOf(error, place);
  if (isDailiesError(error)) {
    if (error.place) return error;
    return new DailiesError(error.kind, error.message, { place: where, hint: error.hint, cause: error });
  }
  if (error instanceof MacroReturn) {
    return new DailiesError('compile', 'return() was called outside a macro', { place: where, hint: 'use return() only inside {% macro %} blocks' });
  }
  if (error instanceof UndefinedCallError) {
    return new DailiesError('compile', error.message, {
      place: where,
      hint: "check the spelling; a package's macros are called with their namespace (dbt_utils.star(...)) and your own macros belong under macro-paths",
      cause: error,
    });
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new DailiesError('compile', 'macros call each other without end (maximum recursion depth exceeded)', { place: where, hint: 'check for a macro that calls itself, directly or through adapter.dispatch', cause: error });
  }
  const message = error instanceof Error ? cleanMessage(error.message) : String(error);
  return new DailiesError('compile', message, { place: where, hint: 'fix the template expression on this line', cause: error });
}
