import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A file written whole and renamed into place, so a concurrent run reads the old file or the new
 * one, never half; on failure its temporary file is removed and nothing is left. For ct-gen's
 * caches under dist/ (templates, generation entries, lint outcomes), which treat a folder they
 * cannot write (a read-only package) as no cache, and for `baseline --write`.
 */
export function writeWhole(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Keep the `keep` newest files of `dir` that `isEntry` names, removing the others, and the
 * temporary files of runs that stopped before their rename more than an hour ago.
 */
export function keepNewest(dir: string, isEntry: (name: string) => boolean, keep: number): void {
  const aged = readdirSync(dir).map((name) => ({ name, mtime: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
  const entries = aged.filter((f) => isEntry(f.name)).sort((a, b) => b.mtime - a.mtime);
  for (const old of entries.slice(keep)) rmSync(join(dir, old.name), { force: true });
  const hourAgo = Date.now() - 3_600_000;
  for (const temp of aged) if (temp.name.endsWith('.tmp') && temp.mtime < hourAgo) rmSync(join(dir, temp.name), { force: true });
}
