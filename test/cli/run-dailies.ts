/** Runs the CLI in-process on a project folder, as a user types it (`--project-dir` added), and collects what it prints. */
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runDailies(dir: string, argv: string[], env: Record<string, string | undefined> = { HOME: dir }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv, '--project-dir', dir], { cwd: dir, env, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), signal: new AbortController().signal });
  return { code, stdout, stderr };
}
