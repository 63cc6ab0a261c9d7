/**
 * Untrusted text (branch names, PR titles, file and model names, warehouse messages) must never
 * become a workflow command. The runner treats a line whose trimmed text starts with `::` as a
 * command (and, in the legacy syntax, `##[`); we escape `%`, CR and LF as the toolkit does for
 * command values, so the text stays on one line, and break every `::` and `##[`.
 */

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
  const unbound = stream.write;
  const writeText = unbound as (this: NodeJS.WriteStream, text: string, callback?: () => void) => boolean;
  const original = (text: string, callback?: () => void): boolean => writeText.call(stream, text, callback);
  let pending = '';
  const guarded = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = pending + (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const lines = text.split('\n');
    pending = lines.pop() ?? '';
    const callback = rest.find((value): value is () => void => typeof value === 'function');
    if (lines.length === 0) {
      callback?.();
      return true;
    }
    return original(lines.map((line) => `${neutralizeCommands(redact(line.replace(/\r$/, '')))}\n`).join(''), callback);
  };
  stream.write = guarded as typeof stream.write;
  return () => {
    if (pending !== '') original(`${neutralizeCommands(redact(pending))}\n`);
    pending = '';
    stream.write = unbound;
  };
}
