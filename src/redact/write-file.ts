/** The one way report files and artifacts reach the disk: redacted first. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Redactor } from './redactor.js';

export function writeRedactedFile(path: string, text: string, redactor: Redactor): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, redactor.redact(text));
}
