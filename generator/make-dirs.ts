import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** How many times a parent removed by another process between the walk and mkdir is made again. */
const RETRIES = 10;

/**
 * `mkdir -p` one folder at a time, for folders a user names (DEST, the folder of a file to
 * write). Node's recursive mkdir retries forever where mkdir answers ENOENT for a folder whose
 * parent exists (procfs, sysfs: `/proc/x`); here that is mkdir's own error, naming the folder it
 * could not create, as is any other reason a folder cannot be made (a file in the way: EEXIST or
 * ENOTDIR). Returns the folders it created, outermost first; a folder another process creates in
 * the meantime is used and not counted, and a parent another process removes in the meantime (a
 * failed run removing the folders it made) is made again.
 */
export async function makeDirectory(dir: string, fs: FolderCalls = { mkdir, stat }): Promise<string[]> {
  const made: string[] = [];
  for (let attempt = 0; ; attempt++) {
    const removed = await makeMissing(fs, await missingFolders(fs, resolve(dir)), made, attempt < RETRIES);
    if (!removed) return made;
  }
}

/** The two calls it makes (node:fs/promises'; a test passes others to act as another process between them). */
export interface FolderCalls {
  mkdir: (path: string) => Promise<unknown>;
  stat: (path: string) => Promise<{ isDirectory(): boolean }>;
}

/** The folders to make, outermost first: up to the nearest directory that is there. */
async function missingFolders(fs: FolderCalls, dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let folder = dir; ; folder = dirname(folder)) {
    const info = await fs.stat(folder).catch((error: NodeJS.ErrnoException) => error);
    if (!(info instanceof Error) && info.isDirectory()) return missing;
    missing.unshift(folder);
    // Anything but a missing path (a file, no permission) is for mkdir to report.
    if (!(info instanceof Error) || info.code !== 'ENOENT' || dirname(folder) === folder) return missing;
  }
}

/** Make `missing` in order, adding each one made to `made`; true when a parent was removed meanwhile and `retry` allows walking again. */
async function makeMissing(fs: FolderCalls, missing: readonly string[], made: string[], retry: boolean): Promise<boolean> {
  for (const folder of missing) {
    try {
      await fs.mkdir(folder);
      if (!made.includes(folder)) made.push(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && (await isDirectory(fs, folder))) continue;
      if (code === 'ENOENT' && retry && !(await isDirectory(fs, dirname(folder)))) return true;
      throw error;
    }
  }
  return false;
}

const isDirectory = (fs: FolderCalls, path: string) => fs.stat(path).then((info) => info.isDirectory(), () => false);
