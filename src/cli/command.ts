/** The shape every CLI command has: a name, its flags, and a thin run function. */
import type { Redactor } from '../redact/redactor.js';
import type { FlagSpec, ParsedArgs } from './args.js';

export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Removes the run's secrets; stdout and stderr already pass it, report files must (writeRedactedFile). */
  redactor: Redactor;
}

export interface Command {
  name: string;
  /** Other names it answers to (`list` for `ls`, as dbt has both). */
  aliases?: string[];
  summary: string;
  flags: FlagSpec[];
  /** Returns the process exit code. */
  run(args: ParsedArgs, io: CommandIO): Promise<number>;
}

export const selectionFlags: FlagSpec[] = [
  { name: 'select', alias: 's', kind: 'list', description: 'nodes to include (dbt selection syntax)' },
  { name: 'exclude', kind: 'list', description: 'nodes to leave out' },
  { name: 'state', kind: 'string', description: 'folder with a manifest.json to compare against (state:modified)' },
  { name: 'indirect-selection', kind: 'string', description: 'how tests of selected nodes are added: eager (default), cautious, buildable or empty' },
];

/** dbt's `--empty` (run, build, snapshot, compile): every ref and source limited to zero rows, for a schema-only build. */
export const emptyFlag: FlagSpec = { name: 'empty', kind: 'boolean', description: 'limit every ref and source to zero rows (build the relations, not the data)' };
