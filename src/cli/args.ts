/**
 * Command-line parsing, dbt style: `dailies <command> [--flag value…] [-s a b c]`.
 * Multi-value flags (--select, --exclude, --resource-type) take every word up to the next flag.
 */
import { DailiesError } from '../errors.js';
import { parsePullRequestNumber } from '../review/pr-schema.js';

export interface FlagSpec {
  /** Long name without dashes. */
  name: string;
  alias?: string;
  kind: 'boolean' | 'string' | 'list';
  description: string;
}

export interface ParsedArgs {
  command: string | undefined;
  flags: Record<string, string | boolean | string[]>;
  /** Words after the command that belong to no flag. */
  positional: string[];
}

export const globalFlags: FlagSpec[] = [
  { name: 'project-dir', kind: 'string', description: 'folder holding dbt_project.yml (default: current folder)' },
  { name: 'profiles-dir', kind: 'string', description: 'folder holding profiles.yml' },
  { name: 'target', alias: 't', kind: 'string', description: 'profile target to use' },
  { name: 'vars', kind: 'string', description: "variables as YAML/JSON, e.g. '{start_date: 2024-01-01}'" },
  { name: 'secret-env', kind: 'list', description: 'environment variables whose values are secrets, redacted from all output (besides DBT_ENV_SECRET_*, *PASSWORD*, *TOKEN*, … and profiles.yml credentials)' },
  { name: 'help', alias: 'h', kind: 'boolean', description: 'show help' },
];

export function parseArgs(argv: string[], commandFlags: (command: string | undefined) => FlagSpec[]): ParsedArgs {
  const command = argv[0] !== undefined && !argv[0].startsWith('-') ? argv[0] : undefined;
  const specs = [...globalFlags, ...commandFlags(command)];
  const byName = new Map<string, FlagSpec>();
  for (const spec of specs) {
    byName.set(`--${spec.name}`, spec);
    if (spec.alias) byName.set(`-${spec.alias}`, spec);
  }
  const flags: ParsedArgs['flags'] = {};
  const positional: string[] = [];
  const words = command === undefined ? argv : argv.slice(1);
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (!word.startsWith('-') || word === '-') {
      positional.push(word);
      continue;
    }
    const [flagWord, inlineValue] = splitInline(word);
    const spec = byName.get(flagWord);
    if (!spec) {
      throw new DailiesError('usage', `unknown option '${flagWord}' for ${command ? `'dailies ${command}'` : 'dailies'}`, {
        hint: `run 'dailies ${command ?? ''} --help' to see the options`.replace('  ', ' '),
      });
    }
    if (spec.kind === 'boolean') {
      flags[spec.name] = inlineValue === undefined ? true : !['false', '0', 'no'].includes(inlineValue);
      continue;
    }
    const values: string[] = inlineValue === undefined ? [] : [inlineValue];
    if (spec.kind === 'string') {
      if (values.length === 0) {
        const next = words[index + 1];
        if (next === undefined || (next.startsWith('-') && next !== '-')) {
          throw new DailiesError('usage', `option '--${spec.name}' needs a value`);
        }
        values.push(next);
        index++;
      }
      flags[spec.name] = values[0]!;
      continue;
    }
    while (words[index + 1] !== undefined && !words[index + 1]!.startsWith('-')) {
      values.push(words[index + 1]!);
      index++;
    }
    if (values.length === 0) throw new DailiesError('usage', `option '--${spec.name}' needs at least one value`);
    const previous = flags[spec.name];
    flags[spec.name] = [...(Array.isArray(previous) ? previous : []), ...values];
  }
  return { command, flags, positional };
}

function splitInline(word: string): [string, string | undefined] {
  const equals = word.indexOf('=');
  return equals > 0 && word.startsWith('--') ? [word.slice(0, equals), word.slice(equals + 1)] : [word, undefined];
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}

export function listFlag(args: ParsedArgs, name: string): string[] {
  const value = args.flags[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

export function integerFlag(args: ParsedArgs, name: string): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  // Decimal digits only: Number() would also read `0x10`, `1e3` or ` 7`.
  if (!/^[0-9]{1,15}$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new DailiesError('usage', `option '--${name}' takes a whole number of at least 1, not '${text}'`);
  }
  return value;
}

/** `--pr`: strictly a decimal pull request number (see parsePullRequestNumber). */
export function pullRequestFlag(args: ParsedArgs, name = 'pr'): number | undefined {
  const text = stringFlag(args, name);
  return text === undefined ? undefined : parsePullRequestNumber(text, `--${name}`);
}

export function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new DailiesError('usage', `option '--${name}' takes a positive number, not '${text}'`);
  }
  return value;
}

export function formatFlagHelp(specs: FlagSpec[]): string {
  return specs
    .map((spec) => {
      const names = `${spec.alias ? `-${spec.alias}, ` : '    '}--${spec.name}${spec.kind === 'boolean' ? '' : spec.kind === 'list' ? ' <values…>' : ' <value>'}`;
      return `  ${names.padEnd(34)} ${spec.description}`;
    })
    .join('\n');
}
