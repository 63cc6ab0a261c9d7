import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureNativeBinding, matchesIntegrity, tarballUrl, untar } from '../../src/action/launcher/native-binding.js';

/** A ustar archive of the given files (enough of the format for npm tarballs). */
function tar(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const header = Buffer.alloc(512);
    header.write(name, 0);
    header.write('0000644\0', 100);
    header.write(`${Buffer.byteLength(text).toString(8).padStart(11, '0')}\0`, 124);
    header.write('0', 156);
    header.write('ustar\0', 257);
    const body = Buffer.alloc(Math.ceil(Buffer.byteLength(text) / 512) * 512);
    body.write(text);
    blocks.push(header, body);
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

const sri = (data: Buffer) => `sha512-${createHash('sha512').update(data).digest('base64')}`;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the DuckDB binding the Action installs for itself', () => {
  it('is fetched from the npm tarball URL of the pinned version', () => {
    expect(tarballUrl('https://registry.npmjs.org/', { name: '@duckdb/node-bindings-linux-x64', version: '1.5.6-r.1', integrity: '' })).toBe(
      'https://registry.npmjs.org/@duckdb/node-bindings-linux-x64/-/node-bindings-linux-x64-1.5.6-r.1.tgz',
    );
  });

  it('checks the tarball against the pinned sha512 integrity', () => {
    const data = Buffer.from('tarball');
    expect(matchesIntegrity(data, sri(data))).toBe(true);
    expect(matchesIntegrity(Buffer.from('tampered'), sri(data))).toBe(false);
    expect(matchesIntegrity(data, 'md5-abc')).toBe(false);
  });

  it('unpacks the package/ files of a tarball', () => {
    expect(untar(tar({ 'package/duckdb.node': 'binary', 'package/package.json': '{}' })).map((file) => [file.path, file.data.toString()])).toEqual([
      ['package/duckdb.node', 'binary'],
      ['package/package.json', '{}'],
    ]);
  });

  async function install(tarball: Buffer, integrity: string) {
    const distDir = mkdtempSync(path.join(tmpdir(), 'dailies-native-'));
    dirs.push(distDir);
    writeFileSync(path.join(distDir, 'duckdb-bindings.json'), JSON.stringify({ 'linux-x64': { name: '@duckdb/node-bindings-linux-x64', version: '9.9.9', integrity } }));
    const requested: string[] = [];
    const fakeFetch = (async (url: string) => {
      requested.push(url);
      return new Response(tarball);
    }) as typeof fetch;
    const run = () => ensureNativeBinding({ distDir, registry: 'http://127.0.0.1:1', platform: 'linux-x64', fetch: fakeFetch });
    return { distDir, requested, run };
  }

  it('installs once into dist/native/ and reuses it', async () => {
    const tarball = gzipSync(tar({ 'package/duckdb.node': 'binary' }));
    const { requested, run } = await install(tarball, sri(tarball));
    const file = await run();
    expect(readFileSync(file, 'utf8')).toBe('binary');
    expect(file).toMatch(/native[/\\]linux-x64-9\.9\.9[/\\]duckdb\.node$/);
    expect(await run()).toBe(file);
    expect(requested).toHaveLength(1);
  });

  it('refuses a tarball whose integrity does not match, and an unknown platform', async () => {
    const tarball = gzipSync(tar({ 'package/duckdb.node': 'evil' }));
    const { run, distDir } = await install(tarball, sri(Buffer.from('the real one')));
    await expect(run()).rejects.toThrow(/does not match the pinned integrity/);
    await expect(ensureNativeBinding({ distDir, platform: 'aix-ppc64' })).rejects.toThrow(/no DuckDB binding for aix-ppc64/);
  });

  it('refuses paths that climb out of its folder', async () => {
    const tarball = gzipSync(tar({ 'package/../../escape.txt': 'x', 'package/duckdb.node': 'b' }));
    const { run } = await install(tarball, sri(tarball));
    await expect(run()).rejects.toThrow(/unsafe path/);
  });
});
