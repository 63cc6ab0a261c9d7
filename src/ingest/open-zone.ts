/** Picks the landing-zone implementation for a zone string. */
import { DailiesError } from '../errors.js';
import type { LandingZone, S3Options } from './landing-zone.js';
import { parseS3Url } from './landing-zone.js';
import { LocalLandingZone } from './local-zone.js';
import { S3LandingZone } from './s3-zone.js';

export function openLandingZone(zone: string, s3: S3Options = {}): LandingZone {
  if (/^s3:\/\//i.test(zone)) {
    const parsed = parseS3Url(zone);
    if (!parsed) {
      throw new DailiesError('usage', `landing zone ${zone} is not a valid s3:// address`, { hint: 'write it as s3://bucket or s3://bucket/prefix' });
    }
    return new S3LandingZone(parsed.bucket, parsed.prefix, s3);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(zone)) {
    throw new DailiesError('usage', `landing zone ${zone} uses an unsupported scheme`, { hint: 'use a local folder or s3://bucket/prefix' });
  }
  return new LocalLandingZone(zone);
}
