import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { SkippedFile } from './types.js';

export interface Listing {
  /** Root-relative POSIX paths of everything that is not a directory (files, symlinks). */
  files: string[];
  /** Directories that could not be listed, with the error code. */
  unreadable: { path: string; error: string }[];
}

/**
 * What a root holds. Inside a git work tree, git's own list of tracked and untracked files
 * that `.gitignore` does not exclude; elsewhere (or when git ignores the root itself), a walk
 * that skips `.git`. Neither descends through a symbolic link.
 */
export function listFiles(root: string): Listing {
  const listed = gitFiles(root);
  return listed ? { files: listed, unreadable: [] } : walk(root);
}

function gitFiles(root: string): string[] | undefined {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  const result = git('ls-files', '--cached', '--others', '--exclude-standard', '-z');
  if (result.error || result.status !== 0) return undefined;
  const files = [...new Set(result.stdout.split('\0').filter(Boolean))];
  if (files.length === 0 && git('check-ignore', '-q', '.').status === 0) return undefined;
  return files;
}

function walk(root: string): Listing {
  const listing: Listing = { files: [], unreadable: [] };
  const pending = [''];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch (error) {
      listing.unreadable.push({ path: dir || '.', error: errorCode(error) });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== '.git') pending.push(path);
      } else listing.files.push(path);
    }
  }
  return listing;
}

export type ReadOutcome = { text: string } | { skipped: SkippedFile['reason'] } | { error: string } | undefined;

/**
 * A candidate file's text, or why it has none: a symbolic link (never followed, so nothing
 * outside the root is read), too large, binary (a NUL byte in the first 8000, as git decides),
 * unreadable. Undefined when the path is gone or is not a regular file.
 */
export function readCandidate(path: string, maxBytes: number, readFile: (path: string) => Buffer = readFileSync): ReadOutcome {
  let stats;
  try {
    stats = lstatSync(path);
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? undefined : { error: errorCode(error) };
  }
  if (stats.isSymbolicLink()) return { skipped: 'symlink' };
  if (!stats.isFile()) return undefined;
  if (stats.size > maxBytes) return { skipped: 'too-large' };
  let bytes: Buffer;
  try {
    bytes = readFile(path);
  } catch (error) {
    return { error: errorCode(error) };
  }
  if (bytes.subarray(0, 8000).includes(0)) return { skipped: 'binary' };
  return { text: bytes.toString('utf8') };
}

export function errorCode(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ?? e.message ?? String(error);
}

export const toPosix = (path: string): string => (sep === '/' ? path : path.split(sep).join('/'));
