/**
 * Renders `{{ env_var('NAME', 'default') }}` in profiles.yml and dbt_project.yml values with a
 * small nunjucks environment of its own: env_var plus the `as_number`, `as_bool` and `as_text`
 * filters, nothing else of dbt. A value that is exactly one filtered expression keeps the
 * filter's type (`"{{ env_var('THREADS') | as_number }}"` → 8), as dbt's native rendering does.
 */
import nunjucks from 'nunjucks';
import { DailiesError, type ErrorKind, type SourcePlace } from '../errors.js';

const MARK = '\u0000dailies-typed\u0000';
const typedPattern = new RegExp(`${MARK}(\\d+)${MARK}`, 'g');

export interface EnvRenderer {
  /** Renders one YAML string value; text without `{{`/`{%` comes back unchanged. */
  render(text: string, place: SourcePlace): unknown;
}

class MissingEnvVar extends Error {
  constructor(readonly variable: string) {
    super(`missing env var ${variable}`);
  }
}

export function createEnvRenderer(env: Record<string, string | undefined>, kind: ErrorKind = 'config'): EnvRenderer {
  const environment = new nunjucks.Environment(null, { autoescape: false });
  let typed: unknown[] = [];
  let missing: string | undefined;
  const mark = (value: unknown): string => {
    typed.push(value);
    return `${MARK}${typed.length - 1}${MARK}`;
  };
  const untyped = (value: unknown): string => String(value).replace(typedPattern, (_m, index: string) => String(typed[Number(index)]));

  environment.addGlobal('env_var', (name: unknown, fallback?: unknown) => {
    const variable = String(name);
    const value = env[variable];
    if (value !== undefined) return value;
    if (fallback !== undefined && fallback !== null) return fallback;
    missing = variable;
    throw new MissingEnvVar(variable);
  });
  environment.addFilter('as_text', (value: unknown) => mark(untyped(value)));
  environment.addFilter('as_number', (value: unknown) => {
    const text = untyped(value).trim();
    const number = Number(text);
    if (text === '' || Number.isNaN(number)) throw new Error('as_number: the value is not a number');
    return mark(number);
  });
  environment.addFilter('as_bool', (value: unknown) => {
    const text = untyped(value).trim().toLowerCase();
    if (text === 'true') return mark(true);
    if (text === 'false') return mark(false);
    throw new Error('as_bool: the value is not true or false');
  });

  return {
    render(text: string, place: SourcePlace): unknown {
      if (!text.includes('{{') && !text.includes('{%')) return text;
      typed = [];
      missing = undefined;
      let output: string;
      try {
        output = environment.renderString(text, {});
      } catch (error) {
        if (missing !== undefined) {
          throw new DailiesError(kind, `Environment variable ${missing} is not set and env_var('${missing}') has no default`, {
            place,
            hint: `Set ${missing} in the environment, or give a default: env_var('${missing}', 'value').`,
          });
        }
        const reason = (error instanceof Error ? error.message : String(error)).replace(/^\(unknown path\)\s*/, '').replace(/\s+/g, ' ');
        throw new DailiesError(kind, `Could not render ${JSON.stringify(text)}: ${reason}`, {
          place,
          hint: "Only env_var('NAME', 'default') and the filters as_number, as_bool and as_text are available here.",
        });
      }
      const single = new RegExp(`^${MARK}(\\d+)${MARK}$`).exec(output.trim());
      if (single) return typed[Number(single[1])];
      return untyped(output);
    },
  };
}
