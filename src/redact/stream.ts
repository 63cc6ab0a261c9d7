/**
 * Redacts what is written to a stream (process.stdout / stderr) while code that may print secrets
 * runs: whole lines are redacted (a value split over two writes is still found); a line still open
 * when the guard is removed is written then.
 */
export function redactStream(stream: NodeJS.WriteStream, redact: (text: string) => string): () => void {
  const unbound = stream.write;
  const writeText = unbound as (this: NodeJS.WriteStream, text: string, callback?: () => void) => boolean;
  const original = (text: string, callback?: () => void): boolean => writeText.call(stream, text, callback);
  let pending = '';
  const guarded = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = pending + (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const end = text.lastIndexOf('\n');
    pending = text.slice(end + 1);
    const callback = rest.find((value): value is () => void => typeof value === 'function');
    if (end < 0) {
      callback?.();
      return true;
    }
    return original(redact(text.slice(0, end + 1)), callback);
  };
  stream.write = guarded as typeof stream.write;
  return () => {
    stream.write = unbound;
    if (pending !== '') original(redact(pending));
    pending = '';
  };
}
