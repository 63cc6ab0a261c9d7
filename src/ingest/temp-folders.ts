/**
 * Temporary download folders of S3 loads: `dailies-load-<pid>-<random>` in the temp folder. A load
 * removes its folder when it ends; one killed (kill -9, a lost runner) cannot, so the next load
 * removes every such folder whose process is gone. Folders of an earlier version (no pid in the
 * name) are removed once they are a day old.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

const PREFIX = 'dailies-load-';
const WITH_PID = /^dailies-load-(\d+)-[A-Za-z0-9]{6}$/;
const EARLIER = /^dailies-load-[A-Za-z0-9]{6}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The mkdtemp prefix of this process's folder. */
export function loadFolderPrefix(pid = process.pid): string {
  return `${PREFIX}${pid}-`;
}

/** True while process `pid` exists (EPERM: it exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the folders left by killed loads in `root`; returns their names. Never throws. */
export async function removeStaleLoadFolders(root: string, now = Date.now()): Promise<string[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const withPid = WITH_PID.exec(name);
    let stale = false;
    if (withPid) stale = !processAlive(Number(withPid[1]));
    else if (EARLIER.test(name)) stale = await stat(join(root, name)).then((info) => now - info.mtimeMs > DAY_MS, () => false);
    if (!stale) continue;
    await rm(join(root, name), { recursive: true, force: true }).then(() => removed.push(name), () => undefined);
  }
  return removed;
}
