/**
 * `target/compiled/<package>/<original_file_path>`: each node's compiled SQL on disk, as dbt
 * writes it (generic tests under `<yaml path>/<test name>.sql`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Manifest, ManifestNode } from '../graph/types.js';
import { artifactText } from '../redact/artifacts.js';

export function compiledFilePath(node: ManifestNode, targetDir: string): string {
  const base = join(targetDir, 'compiled', node.package_name, node.original_file_path);
  if (node.resource_type === 'test' && node.test_metadata) return join(base, node.path);
  if (node.resource_type === 'snapshot' && !node.original_file_path.endsWith('.sql')) return join(base, `${node.name}.sql`);
  return base;
}

/** Writes every compiled node; returns the paths written. */
export async function writeCompiledFiles(manifest: Manifest, targetDir: string): Promise<string[]> {
  const written: string[] = [];
  const nodes = Object.values(manifest.nodes).filter((node) => node.compiled_code !== undefined && node.resource_type !== 'seed');
  const folders = new Set(nodes.map((node) => dirname(compiledFilePath(node, targetDir))));
  await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })));
  const snapshotFiles = new Map<string, string[]>();
  for (const node of nodes) {
    const path = compiledFilePath(node, targetDir);
    if (node.resource_type === 'snapshot') {
      // several snapshot blocks may share a file: write them together
      const list = snapshotFiles.get(path) ?? [];
      list.push(node.compiled_code ?? '');
      snapshotFiles.set(path, list);
      continue;
    }
    written.push(path);
  }
  const writes: [string, string][] = [
    ...nodes.filter((node) => node.resource_type !== 'snapshot').map((node): [string, string] => [compiledFilePath(node, targetDir), node.compiled_code ?? '']),
    ...[...snapshotFiles].map(([path, parts]): [string, string] => [path, parts.join('\n\n')]),
  ];
  // a bounded number of files open at once
  for (let start = 0; start < writes.length; start += 64) {
    await Promise.all(writes.slice(start, start + 64).map(([path, text]) => writeFile(path, artifactText(text))));
  }
  written.push(...snapshotFiles.keys());
  return written.sort();
}
