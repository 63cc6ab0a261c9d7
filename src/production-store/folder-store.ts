/** Production kept in a local folder (`file:<folder>`): for laptops, self-hosted runners with a disk, and tests. */
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ProductionStore, StoredObject } from './store.js';

export class FolderStore implements ProductionStore {
  readonly location: string;
  private readonly dir: string;

  constructor(folder: string, cwd: string) {
    this.dir = path.resolve(cwd, folder);
    this.location = `file:${this.dir}`;
  }

  async list(): Promise<StoredObject[]> {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((name) => !name.startsWith('.'));
    } catch {
      return [];
    }
    return names.map((name) => ({ name, order: statSync(path.join(this.dir, name)).mtimeMs }));
  }

  async download(name: string, file: string): Promise<void> {
    copyFileSync(path.join(this.dir, path.basename(name)), file);
  }

  async upload(name: string, file: string): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const target = path.join(this.dir, path.basename(name));
    copyFileSync(file, `${target}.partial`);
    renameSync(`${target}.partial`, target);
  }

  async remove(name: string): Promise<void> {
    rmSync(path.join(this.dir, path.basename(name)), { force: true });
  }
}
