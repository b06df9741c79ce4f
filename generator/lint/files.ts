import { spawnSync } from 'node:child_process';
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { SkippedFile } from './types.js';

export interface Listing {
  /** Root-relative POSIX paths of files and symbolic links. */
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
      } else if (entry.isFile() || entry.isSymbolicLink()) listing.files.push(path);
    }
  }
  return listing;
}

export type ReadOutcome = { text: string } | { skipped: SkippedFile['reason'] } | { error: string } | undefined;

/** Open without following a final symbolic link, and without waiting on a FIFO. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Opens a file and returns its descriptor, as `fs.openSync`. */
export type OpenFile = (path: string, flags: number) => number;

/**
 * A candidate file's text, or why it has none: a symbolic link (never followed, so nothing
 * outside the root is read), too large, binary (a NUL byte in the first 8000, as git decides),
 * unreadable. Undefined when the path is gone or is not a regular file. One open, one fstat:
 * the check and the read see the same file.
 */
export function readCandidate(path: string, maxBytes: number, open: OpenFile = openSync): ReadOutcome {
  const read = readStart(path, Infinity, maxBytes, open);
  return read && 'bytes' in read ? { text: read.bytes.toString('utf8') } : read;
}

export type HeadOutcome = { text: string; whole: boolean; size: number } | Exclude<ReadOutcome, { text: string }>;

/**
 * The first `bytes` of a candidate file, read and refused as `readCandidate` does (whatever its
 * size); `whole` when that is the whole file, whose `size` is then all `readCandidate` needs to know.
 */
export function readHead(path: string, bytes: number, open: OpenFile = openSync): HeadOutcome {
  const read = readStart(path, bytes, Infinity, open);
  return read && 'bytes' in read ? { text: read.bytes.toString('utf8'), whole: read.size <= bytes, size: read.size } : read;
}

function readStart(path: string, count: number, maxBytes: number, open: OpenFile): { bytes: Buffer; size: number } | Exclude<ReadOutcome, { text: string }> {
  let fd: number;
  try {
    if (constants.O_NOFOLLOW === undefined && lstatSync(path).isSymbolicLink()) return { skipped: 'symlink' };
    fd = open(path, OPEN_FLAGS);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ELOOP') return { skipped: 'symlink' };
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : { error: code };
  }
  let bytes: Buffer;
  let size: number;
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return undefined;
    if (stats.size > maxBytes) return { skipped: 'too-large' };
    size = stats.size;
    bytes = readAll(fd, Math.min(size, count));
  } catch (error) {
    return { error: errorCode(error) };
  } finally {
    closeSync(fd);
  }
  if (bytes.subarray(0, 8000).includes(0)) return { skipped: 'binary' };
  return { bytes, size };
}

function readAll(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const n = readSync(fd, buffer, filled, size - filled, filled);
    if (n === 0) break;
    filled += n;
  }
  return buffer.subarray(0, filled);
}

export function errorCode(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ?? e.message ?? String(error);
}

export const toPosix = (path: string): string => (sep === '/' ? path : path.split(sep).join('/'));
