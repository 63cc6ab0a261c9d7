/**
 * The GitHub Action's entry point (bundled into dist/index.js): wires the runner, the GitHub API
 * and the review library into `runAction`. Everything it does is in `run-action.ts`.
 */
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { coreIO } from './action-io.js';
import { failureDetails } from './failure-report.js';
import { createGithubClient } from './github-client.js';
import { reviewLibrary } from './review-library.js';
import { runAction } from './run-action.js';

async function main(): Promise<void> {
  try {
    await runAction({
      io: coreIO(),
      readInput: (name) => core.getInput(name),
      env: process.env,
      library: reviewLibrary,
      github: createGithubClient,
      outputDir: path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'dailies'),
    });
  } catch (error) {
    core.setOutput('status', 'error');
    core.setFailed(`dailies: unexpected failure: ${failureDetails(error).message}`);
  }
}

await main();
