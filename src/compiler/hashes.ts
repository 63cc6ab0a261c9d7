/**
 * Hex digests of text, with Node's one-shot `crypto.hash` where it exists (Node ≥ 20.12: several
 * times cheaper than a Hash object for the short texts a compile hashes by the ten thousand).
 */
import crypto from 'node:crypto';

type OneShot = (algorithm: string, data: string | Buffer, encoding: 'hex') => string;

const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

function digest(algorithm: 'sha256' | 'md5', data: string | Buffer): string {
  return oneShot ? oneShot(algorithm, data, 'hex') : crypto.createHash(algorithm).update(data).digest('hex');
}

export function sha256(data: string | Buffer): string {
  return digest('sha256', data);
}

/** Short texts hashed again and again (every generic test of a kind has the same raw code). */
const shortTextHashes = new Map<string, string>();
const SHORT_TEXT = 256;
const SHORT_TEXTS_KEPT = 10_000;

/** sha256 of `text`, remembered for short texts. */
export function sha256Text(text: string): string {
  if (text.length > SHORT_TEXT) return digest('sha256', text);
  let hash = shortTextHashes.get(text);
  if (hash === undefined) {
    hash = digest('sha256', text);
    if (shortTextHashes.size >= SHORT_TEXTS_KEPT) shortTextHashes.clear();
    shortTextHashes.set(text, hash);
  }
  return hash;
}

export function md5(data: string): string {
  return digest('md5', data);
}
