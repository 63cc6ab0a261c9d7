/**
 * The S3 zone pins every download to the listed ETag with If-Match (s3rver ignores the header, so a
 * small S3 stand-in on 127.0.0.1 answers as AWS does: 412 when the ETag no longer matches).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailiesError } from '../../src/errors.js';
import { openLandingZone } from '../../src/ingest/index.js';

const BODY = 'movieId,title\n1,One\n';
let server: Server;
let endpoint: string;
const gets: IncomingHttpHeaders[] = [];
let currentEtag = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  server = createServer((request, response) => {
    if (request.url?.includes('list-type=2')) {
      response.setHeader('content-type', 'application/xml');
      response.end(
        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>landing</Name><Prefix>z/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>` +
          `<Contents><Key>z/movies/movies_day001.csv</Key><ETag>"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"</ETag><Size>${BODY.length}</Size></Contents></ListBucketResult>`,
      );
      return;
    }
    gets.push(request.headers);
    if (request.headers['if-match'] !== `"${currentEtag}"`) {
      response.statusCode = 412;
      response.setHeader('content-type', 'application/xml');
      response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>');
      return;
    }
    response.setHeader('etag', `"${currentEtag}"`);
    response.setHeader('content-length', String(BODY.length));
    response.end(BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('S3 downloads pinned to the listed ETag', () => {
  it('sends If-Match with the listed ETag, and reports a 412 as the object replaced since the listing', async () => {
    const zone = openLandingZone('s3://landing/z', { endpoint, forcePathStyle: true });
    try {
      const [object] = await zone.list();
      const fetched = await zone.fetchToFile(object!);
      expect(fetched.etag).toBe('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
      await fetched.release();
      expect(gets.at(-1)?.['if-match']).toBe('"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"');

      currentEtag = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
      const error = await zone.fetchToFile(object!).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DailiesError);
      expect((error as DailiesError).message).toBe(
        's3://landing/z/movies/movies_day001.csv was replaced after it was listed (listed with ETag aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; the server refused the listed ETag (If-Match)); nothing of it was loaded',
      );
    } finally {
      await zone.close();
    }
  });
});
