/**
 * YAML parsing that keeps line numbers: values come back as plain JS, and every map and list
 * (and every key of a map) remembers the line it was written on, for error messages.
 * YAML 1.1 rules like dbt's PyYAML (`yes`/`no`/`on`/`off` booleans, `<<` merge keys), but dates,
 * `1:20`-style numbers and `y`/`n` stay strings.
 */
import { readFileSync } from 'node:fs';
import type { ErrorKind, SourcePlace } from '../errors.js';
import { parseYamlExact } from './yaml-exact.js';
import { parseYamlFast } from './yaml-fast.js';

export interface LocatedYaml {
  /** The document as plain JS (`undefined` for an empty file). */
  value: unknown;
  /** File named in errors (relative to the project root). */
  file: string;
  /** Place of a map or list from this document (the file alone when unknown). */
  placeOf(value: unknown): SourcePlace;
  /** Place of `key` inside the map `owner`, or of item `String(index)` of a list (falls back to the owner's place). */
  placeOfKey(owner: unknown, key: string): SourcePlace;
}

/**
 * Parses YAML text; malformed YAML is a DailiesError of `kind` naming `file:line`. Ordinary files
 * take the fast path (js-yaml); files with anchors, aliases, tags, merge keys, duplicate keys or
 * errors take the exact path (the `yaml` library), which gives the same values and lines.
 */
export function parseYaml(text: string, file: string, kind: ErrorKind = 'yaml'): LocatedYaml {
  return parseYamlFast(text, file) ?? parseYamlExact(text, file, kind);
}

/** Reads and parses a YAML file from disk. */
export function readYamlFile(absPath: string, file: string, kind: ErrorKind = 'yaml'): LocatedYaml {
  return parseYaml(readFileSync(absPath, 'utf8'), file, kind);
}
