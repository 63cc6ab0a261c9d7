/**
 * `.dbtignore` at a package root: gitignore-style patterns of files dbt should not see.
 * Supported: comments, `!` negation, a trailing `/` for folders only, a leading or inner `/`
 * anchoring to the package root, `*`, `?` and `**`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface IgnoreRule {
  pattern: RegExp;
  negated: boolean;
  foldersOnly: boolean;
}

/** Answers whether a path relative to the package root (forward slashes) is ignored. */
export type IgnoreCheck = (relPath: string, isFolder: boolean) => boolean;

function toRegExp(glob: string, anchored: boolean): RegExp {
  let body = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        body += '(?:.*/)?';
        i += 2;
      } else {
        body += '.*';
        i += 1;
      }
    } else if (char === '*') body += '[^/]*';
    else if (char === '?') body += '[^/]';
    else body += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(anchored ? `^${body}$` : `(?:^|/)${body}$`);
}

export function parseIgnoreRules(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.replace(/\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    const foldersOnly = line.endsWith('/');
    if (foldersOnly) line = line.replace(/\/+$/, '');
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    if (line === '') continue;
    rules.push({ pattern: toRegExp(line, anchored), negated, foldersOnly });
  }
  return rules;
}

/** The ignore check of a package, or undefined when it has no `.dbtignore`. */
export function readDbtIgnore(packageRoot: string): IgnoreCheck | undefined {
  const path = join(packageRoot, '.dbtignore');
  if (!existsSync(path)) return undefined;
  const rules = parseIgnoreRules(readFileSync(path, 'utf8'));
  if (rules.length === 0) return undefined;
  return (relPath, isFolder) => {
    let ignored = false;
    for (const rule of rules) {
      if (rule.foldersOnly && !isFolder) continue;
      if (rule.pattern.test(relPath)) ignored = !rule.negated;
    }
    return ignored;
  };
}
