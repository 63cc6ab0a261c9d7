/**
 * Everything the Action says to the runner, in one place: logs (neutralized), annotations,
 * outputs, the job summary and the failed state. Backed by `@actions/core`.
 */
import * as core from '@actions/core';
import type { Redactor } from '../redact/redactor.js';
import { neutralizeLines } from './log-safety.js';

export interface AnnotationPlace {
  file: string;
  startLine: number;
  title?: string;
}

export interface ActionIO {
  /** Logs a line; untrusted parts are neutralized here, so callers may pass them as they are. */
  info(text: string): void;
  warning(text: string, place?: AnnotationPlace): void;
  error(text: string, place?: AnnotationPlace): void;
  setOutput(name: string, value: string): void;
  /** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY). */
  writeSummary(markdown: string): Promise<void>;
  setFailed(text: string): void;
  setSecret(value: string): void;
}

export function coreIO(): ActionIO {
  return {
    info: (text) => core.info(neutralizeLines(text)),
    // Annotation messages and properties are escaped by the toolkit itself (they are command values).
    warning: (text, place) => core.warning(text, place ? { file: place.file, startLine: place.startLine, title: place.title } : undefined),
    error: (text, place) => core.error(text, place ? { file: place.file, startLine: place.startLine, title: place.title } : undefined),
    setOutput: (name, value) => core.setOutput(name, value),
    async writeSummary(markdown) {
      if (!process.env.GITHUB_STEP_SUMMARY) {
        core.info('GITHUB_STEP_SUMMARY is not set: no job summary written');
        return;
      }
      await core.summary.addRaw(markdown, true).write();
    },
    // setFailed issues `::error::` with the message escaped as a command value.
    setFailed: (text) => core.setFailed(text),
    setSecret: (value) => core.setSecret(value),
  };
}

/**
 * The same IO with every text redacted first (logs, annotations, outputs, the summary, the failed
 * message): the Action talks to the runner through this only. `setSecret` passes its value as it is:
 * it is the runner's own masking.
 */
export function redactingIO(io: ActionIO, redactor: Redactor): ActionIO {
  const r = (text: string) => redactor.redact(text);
  const place = (where?: AnnotationPlace) => (where ? { ...where, file: r(where.file), title: where.title === undefined ? undefined : r(where.title) } : undefined);
  return {
    info: (text) => io.info(r(text)),
    warning: (text, where) => io.warning(r(text), place(where)),
    error: (text, where) => io.error(r(text), place(where)),
    setOutput: (name, value) => io.setOutput(name, r(value)),
    writeSummary: (markdown) => io.writeSummary(r(markdown)),
    setFailed: (text) => io.setFailed(r(text)),
    setSecret: (value) => io.setSecret(value),
  };
}
