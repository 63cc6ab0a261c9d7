/** Errors of one landing-zone object, placed at the object's name (never a temporary file or a key relative to the zone). */
import { DailiesError } from '../errors.js';

/** `error` placed at `displayName`, with every mention of `localName` (a temporary path, a stage-relative key) replaced by it. */
export function placeAtObject(error: unknown, localPath: string, displayName: string): unknown {
  if (!(error instanceof DailiesError)) return error;
  if (error.place?.file === displayName) return error;
  const message = error.message.split(localPath).join(displayName);
  const mentions = message.includes(displayName);
  return new DailiesError(error.kind === 'warehouse' ? 'load' : error.kind, mentions ? message : `loading ${displayName}: ${message}`, {
    place: { file: displayName, line: error.place?.line, column: error.place?.column },
    hint: error.hint ?? 'nothing from this file was loaded; fix it and run the load again',
    cause: error,
  });
}
