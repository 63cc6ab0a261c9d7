/** What dbt-semantic-interfaces' validation rules report: errors and warnings, each with its place. */
import { DailiesError, formatPlace, type SourcePlace } from '../../errors.js';

export interface SemanticIssue {
  message: string;
  place?: SourcePlace;
  hint: string;
}

export class SemanticIssues {
  readonly errors: SemanticIssue[] = [];
  readonly warnings: SemanticIssue[] = [];

  error(message: string, place: SourcePlace | undefined, hint: string): void {
    this.errors.push({ message, place, hint });
  }

  warn(message: string, place: SourcePlace | undefined, hint: string): void {
    this.warnings.push({ message, place, hint });
  }

  /** dbt reports every error, then fails the parse with "Semantic Manifest validation failed.". */
  throwErrors(): void {
    const [first, ...rest] = this.errors;
    if (!first) return;
    const more = rest.map((issue) => `\n  ${issue.place ? `${formatPlace(issue.place)}: ` : ''}${issue.message}`).join('');
    throw new DailiesError('yaml', `Semantic Manifest validation failed: ${first.message}${rest.length > 0 ? `\nand ${rest.length} more:${more}` : ''}`, {
      place: first.place,
      hint: first.hint,
    });
  }
}

/** A Python list of strings as `str()` prints it. */
export function pythonList(items: string[]): string {
  return `[${items.map((item) => `'${item}'`).join(', ')}]`;
}

/** A Python set of strings as `str()` prints it (sorted here; Python's order varies from run to run). */
export function pythonSet(items: Iterable<string>): string {
  return `{${[...new Set(items)].sort().map((item) => `'${item}'`).join(', ')}}`;
}
