/**
 * Stands in for node:crypto in the browser bundle. src/graph/fingerprint.ts hashes nodes for
 * `state:` comparisons; the site receives that comparison precomputed (`stateChanges` in
 * site.json), so hashing is never reached. If it ever is, this says so instead of hashing wrongly.
 */
interface Hash {
  update(text: string): Hash;
  digest(encoding: 'hex'): string;
}

export function createHash(_algorithm: string): Hash {
  throw new Error('node fingerprints are computed by `dailies docs generate`, not in the browser');
}
