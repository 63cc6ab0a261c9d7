/**
 * Untrusted text (branch names, PR titles, file and model names, warehouse messages) must never
 * become a workflow command. The runner treats a line whose trimmed text starts with `::` as a
 * command (and, in the legacy syntax, `##[`); we escape `%`, CR and LF as the toolkit does for
 * command values, so the text stays on one line, and break every `::` and `##[`.
 */
import { redactStream } from '../redact/stream.js';

/** One line, with no command syntax left in it. */
export function neutralizeCommands(text: string): string {
  return text
    .replaceAll('%', '%25')
    .replaceAll('\r', '%0D')
    .replaceAll('\n', '%0A')
    .replaceAll('::', ':%3A')
    .replaceAll('##[', '#%23[');
}

/** Multi-line text (e.g. an error with its hint) neutralized line by line, keeping the lines. */
export function neutralizeLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => neutralizeCommands(line))
    .join('\n');
}

/**
 * Wraps a writer (process.stdout.write) so that every line the wrapped code prints is redacted and
 * neutralized: library code we call logs model names and file names taken from the pull request,
 * and messages (SQL errors, `log()`) that may quote a secret.
 */
export function guardStream(stream: NodeJS.WriteStream, redact: (text: string) => string = (text) => text): () => void {
  // whole lines arrive here (redactStream holds back a line until it ends): each is redacted, then neutralized
  return redactStream(stream, (text) =>
    text
      .split('\n')
      .map((line, i, lines) => (i === lines.length - 1 && line === '' ? '' : `${neutralizeCommands(redact(line.replace(/\r$/, '')))}\n`))
      .join(''),
  );
}
