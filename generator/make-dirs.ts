import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` one folder at a time, for folders a user names (DEST, the folder of a file to
 * write). Node's recursive mkdir retries forever where mkdir answers ENOENT for a folder whose
 * parent exists (procfs, sysfs: `/proc/x`); here that is mkdir's own error, naming the folder it
 * could not create. Returns the folders it created, outermost first; a folder another process
 * creates in the meantime is used and not counted.
 */
export async function makeDirectory(dir: string): Promise<string[]> {
  const missing: string[] = [];
  // Up to the nearest folder that is there; stat's error for any path it cannot answer for.
  for (let folder = resolve(dir); ; folder = dirname(folder)) {
    let info;
    try {
      info = await stat(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(folder) === folder) throw error;
      missing.unshift(folder);
      continue;
    }
    // A file there: mkdir's own error (EEXIST) names it.
    if (!info.isDirectory()) await mkdir(folder);
    break;
  }
  const made: string[] = [];
  for (const folder of missing) {
    try {
      await mkdir(folder);
      made.push(folder);
    } catch (error) {
      const madeMeanwhile = (error as NodeJS.ErrnoException).code === 'EEXIST' && (await stat(folder).then((info) => info.isDirectory(), () => false));
      if (!madeMeanwhile) throw error;
    }
  }
  return made;
}
