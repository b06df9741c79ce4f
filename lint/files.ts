import { isUtf8 } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { SkippedFile } from './types.js';

/** A file or symbolic link a root holds. */
export interface ListedFile {
  /**
   * Its root-relative POSIX path as findings show it and allowlist globs match it: the name
   * itself, or, when the name is not UTF-8, with each byte that is not written `\xNN` (`bad\xff.sh`).
   */
  path: string;
  /** The path's own bytes when `path` is such an escaped name, to open the file by. */
  bytes?: Buffer;
}

export interface Listing {
  files: ListedFile[];
  /** Directories that could not be listed (named as files are), with the error code. */
  unreadable: { path: string; error: string }[];
}

/**
 * What a root holds. Inside a git work tree, git's own list of tracked and untracked files
 * that `.gitignore` does not exclude; elsewhere (or when git ignores the root itself), a walk
 * that skips `.git`. Neither descends through a symbolic link. Names are taken as bytes, so a
 * name that is not UTF-8 is listed too.
 */
export function listFiles(root: string): Listing {
  const listed = gitFiles(root);
  return listed ? { files: listed, unreadable: [] } : walk(root);
}

function gitFiles(root: string): ListedFile[] | undefined {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  const result = git('ls-files', '--cached', '--others', '--exclude-standard', '-z');
  if (result.error || result.status !== 0) return undefined;
  const files = new Map<string, ListedFile>();
  const out = result.stdout;
  for (let start = 0, end = out.indexOf(0); start < out.length; start = end + 1, end = out.indexOf(0, start)) {
    if (end < 0) end = out.length;
    const bytes = out.subarray(start, end);
    if (bytes.length > 0 && !files.has(bytes.toString('latin1'))) files.set(bytes.toString('latin1'), listed(bytes));
  }
  if (files.size === 0 && git('check-ignore', '-q', '.').status === 0) return undefined;
  return [...files.values()];
}

function walk(root: string): Listing {
  const listing: Listing = { files: [], unreadable: [] };
  const pending: ListedFile[] = [{ path: '' }];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir.bytes ? Buffer.concat([Buffer.from(`${root}/`), dir.bytes]) : join(root, dir.path), { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      listing.unreadable.push({ path: dir.path || '.', error: errorCode(error) });
      continue;
    }
    const named = entries.map((entry) => ({ entry, name: nameOf(entry.name) }));
    named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { entry, name } of named) {
      const path = dir.path ? `${dir.path}/${name}` : name;
      const bytes = dir.bytes || !isUtf8(entry.name) ? Buffer.concat(dir.path ? [dir.bytes ?? Buffer.from(dir.path), Buffer.from('/'), entry.name] : [entry.name]) : undefined;
      const file: ListedFile = bytes ? { path, bytes } : { path };
      if (entry.isDirectory()) {
        if (name !== '.git') pending.push(file);
      } else if (entry.isFile() || entry.isSymbolicLink()) listing.files.push(file);
    }
  }
  return listing;
}

/** A listed path from its bytes (see ListedFile). */
function listed(bytes: Buffer): ListedFile {
  const path = nameOf(bytes);
  return isUtf8(bytes) ? { path } : { path, bytes: Buffer.from(bytes) };
}

/** A name's bytes as text: UTF-8 where they are, `\xNN` for each byte that is not. */
export function nameOf(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let name = '';
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes[i]!);
    if (length > 0 && i + length <= bytes.length && isUtf8(bytes.subarray(i, i + length))) {
      name += bytes.toString('utf8', i, i + length);
      i += length;
    } else name += `\\x${bytes[i++]!.toString(16).padStart(2, '0')}`;
  }
  return name;
}

/** How many bytes the UTF-8 sequence a lead byte starts takes; 0 for a byte that starts none. */
const sequenceLength = (lead: number): number => (lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0);

export type ReadOutcome = { text: string } | { skipped: SkippedFile['reason'] } | { error: string } | undefined;

/** Open without following a final symbolic link, and without waiting on a FIFO. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Opens a file and returns its descriptor, as `fs.openSync`; the path is bytes for a name that is not UTF-8. */
export type OpenFile = (path: string | Buffer, flags: number) => number;

/**
 * A candidate file's text, or why it has none: a symbolic link (never followed, so nothing
 * outside the root is read), too large, binary (a NUL byte in the first 8000, as git decides),
 * unreadable. Undefined when the path is gone or is not a regular file. One open, one fstat:
 * the check and the read see the same file.
 */
export function readCandidate(path: string | Buffer, maxBytes: number, open: OpenFile = openSync): ReadOutcome {
  const read = readStart(path, Infinity, maxBytes, open);
  return read && 'bytes' in read ? { text: read.bytes.toString('utf8') } : read;
}

export type HeadOutcome = { text: string; whole: boolean; size: number } | Exclude<ReadOutcome, { text: string }>;

/**
 * The first `bytes` of a candidate file, read and refused as `readCandidate` does (whatever its
 * size); `whole` when that is the whole file, whose `size` is then all `readCandidate` needs to know.
 */
export function readHead(path: string | Buffer, bytes: number, open: OpenFile = openSync): HeadOutcome {
  const read = readStart(path, bytes, Infinity, open);
  return read && 'bytes' in read ? { text: read.bytes.toString('utf8'), whole: read.size <= bytes, size: read.size } : read;
}

function readStart(path: string | Buffer, count: number, maxBytes: number, open: OpenFile): { bytes: Buffer; size: number } | Exclude<ReadOutcome, { text: string }> {
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
