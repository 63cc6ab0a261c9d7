/**
 * `dailies run-operation MACRO [--args YAML]`: calls one macro of the project or a package (or
 * dbt's global project) with keyword arguments, on the warehouse, as `dbt run-operation` does —
 * e.g. `dailies run-operation codegen.generate_model_yaml --args '{model_names: [customers]}'`.
 * Writes target/run_results.json with one result (the macro's). Exit 1 when the macro fails,
 * 2 when no macro has that name.
 */
import { randomUUID } from 'node:crypto';
import jsyaml from 'js-yaml';
import { DailiesError, isDailiesError } from '../../errors.js';
import { stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { partialParseFlag } from '../cached-parse.js';
import { compile, openProject, targetDirOf } from '../session.js';

/** `--args '{key: value}'`: a YAML mapping (dbt's format). */
export function parseOperationArgs(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = jsyaml.load(text);
  } catch (error) {
    throw new DailiesError('usage', `--args is not valid YAML: ${(error as Error).message.split('\n')[0]}`, { hint: "write the arguments as a YAML mapping, e.g. --args '{model_names: [customers], upstream_descriptions: true}'" });
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DailiesError('usage', `--args must be a YAML mapping of argument names to values, not ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`, { hint: "e.g. --args '{schema_name: raw}'" });
  }
  return value as Record<string, unknown>;
}

export const runOperationCommand: Command = {
  name: 'run-operation',
  summary: 'call one macro with --args on the warehouse (as dbt run-operation)',
  flags: [partialParseFlag, { name: 'args', kind: 'string', description: "the macro's keyword arguments, a YAML mapping: '{name: value}'" }],
  async run(args, io) {
    const name = args.positional[0];
    if (name === undefined || args.positional.length > 1) {
      throw new DailiesError('usage', "'dailies run-operation' needs exactly one macro name", { hint: "e.g. dailies run-operation codegen.generate_source --args '{schema_name: raw}'" });
    }
    const kwargs = parseOperationArgs(stringFlag(args, 'args'));
    const project = await openProject(args, io);
    const { openAdapter } = await import('../../warehouse/index.js');
    const { writeRunResults } = await import('../../run/index.js');
    const adapter = await openAdapter(project.target);
    const started = performance.now();
    const startedAt = new Date().toISOString();
    let ran = { uniqueId: `macro.${project.rootPackage.name}.${name}`, file: '' };
    let failure: unknown;
    try {
      // the project compiles without the warehouse (as dbt parses it); the macro runs on it
      const compiler = await compile(project, undefined, { which: 'run-operation' }, 'collect', args, io);
      // what it prints goes to stdout, as in dbt (`dailies run-operation generate_source … > sources.yml`)
      ran = await compiler.runOperation(name, kwargs, { isIncremental: false, adapter }, (line) => io.stdout(`${line}\n`));
    } catch (error) {
      if (isDailiesError(error) && error.kind === 'usage') throw error;
      failure = error;
    } finally {
      await adapter.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const message = failure === undefined ? 'OK' : isDailiesError(failure) ? failure.format() : failure instanceof Error ? failure.message : String(failure);
    await writeRunResults(
      {
        command: 'run-operation',
        results: [
          {
            unique_id: ran.uniqueId,
            resource_type: 'operation',
            name,
            status: failure === undefined ? 'success' : 'error',
            message: failure === undefined ? '' : message,
            kind: 'operation',
            timing: [{ name: 'execute', started_at: startedAt, completed_at: new Date().toISOString() }],
            thread_id: 'MainThread',
            execution_time: seconds,
            failures: 0,
            relation_name: null,
            display_name: name,
            file: ran.file,
          },
        ],
        elapsed_time: seconds,
        generated_at: new Date().toISOString(),
        invocation_id: randomUUID(),
        hookErrors: [],
        interrupted: false,
        args: { which: 'run-operation', macro: name, args: kwargs },
      },
      targetDirOf(project),
    );
    if (failure !== undefined) {
      io.stderr(`Encountered an error while running operation: ${message.replace(/\n/g, '\n  ')}\n`);
      return 1;
    }
    return 0;
  },
};
