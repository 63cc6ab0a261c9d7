/** What every step of a run shares: its dependencies, validated inputs and where the project sits in the repository. */
import type { Redactor } from '../redact/redactor.js';
import type { ActionIO } from './action-io.js';
import { failureDetails } from './failure-report.js';
import type { GithubClient } from './github-client.js';
import type { ActionInputs, InputReader, SampleRows } from './inputs.js';
import type { ReviewLibrary } from './library.js';

export interface ActionDeps {
  io: ActionIO;
  readInput: InputReader;
  env: Record<string, string | undefined>;
  library: ReviewLibrary;
  github: (token: string, repo: { owner: string; repo: string }, baseUrl: string) => GithubClient;
  /** Where the report files go (RUNNER_TEMP in production). */
  outputDir: string;
}

export type ActionStatus = 'success' | 'failure' | 'error' | 'skipped';

export interface RunContext {
  deps: ActionDeps;
  /** `deps.io` behind the redactor: what every step logs and reports through. */
  io: ActionIO;
  redactor: Redactor;
  inputs: ActionInputs;
  /** The project folder relative to the repository root ('' at the root). */
  projectPrefix: string;
  /** The `sample-rows` input, or its default for this repository (masked when public). */
  sampleRows: SampleRows;
  /** This workflow run's page (job summary, artifacts), when known. */
  runUrl?: string;
  client: () => GithubClient;
}

export async function safeSummary(io: ActionIO, markdown: string): Promise<void> {
  try {
    await io.writeSummary(markdown);
  } catch (error) {
    io.warning(`could not write the job summary: ${failureDetails(error).message}`);
  }
}
