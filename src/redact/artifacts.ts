/**
 * The redactor the artifacts a run writes under `target/` pass (manifest.json, run_results.json,
 * sources.json, compiled SQL, the docs site's data): the same one the command's output passes,
 * installed once by the entry point (the CLI's main, the Action) for the length of the run.
 * Library code writing an artifact calls `artifactText`; with none installed it writes as is.
 */
import type { Redactor } from './redactor.js';

let installed: Redactor | null = null;

/** Installs `redactor` for artifacts; returns the function that puts back the one before. */
export function redactArtifactsWith(redactor: Redactor | null): () => void {
  const before = installed;
  installed = redactor;
  return () => {
    installed = before;
  };
}

/** `text` as an artifact may hold it: every secret of the run replaced. */
export function artifactText(text: string): string {
  return installed ? installed.redact(text) : text;
}
