// What bin/ct-gen.js knows of the last compile: the fingerprint of the sources it compiled, kept
// in BUILD_STATE with whether the compile succeeded and, when it failed on errors in them, the
// compiler's report.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * `{ sources, ok }`, and after a compile that failed on located errors `report` (what the
 * compiler printed) and `context` (`reportContext`'s), relative to the package's root.
 */
export const BUILD_STATE = 'dist/.ct-gen-build.json';

/**
 * One walk over model/, generator/ and lint/, following symbolic links as the compiler does (a
 * linked folder once). `sources`: every .ts file there and tsconfig.json, by path, mtime, ctime,
 * inode and size — as cheap as the stat walk it replaces, and an added, edited, renamed or deleted
 * file changes it, as does a file written again with its old size and mtime put back (which moves
 * its ctime). `data`: every other file there (templates, baseline.json), which the generation
 * cache's key covers (the compile does not read them).
 */
export function fingerprint(root) {
  const hash = createHash('sha256');
  const data = [];
  const add = (path, rel) => {
    hash.update(`${rel}\0${stamp(statSync(path))}\n`);
  };
  const seen = new Set();
  const walk = (dir, rel) => {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    for (const item of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, item.name);
      const kind = item.isSymbolicLink() ? linked(path) : item;
      if (kind === undefined) continue;
      if (kind.isDirectory()) walk(path, `${rel}/${item.name}`);
      else if (item.name.endsWith('.ts')) add(path, `${rel}/${item.name}`);
      else if (kind.isFile()) data.push([path, `${rel}/${item.name}`]);
    }
  };
  walk(join(root, 'model'), 'model');
  walk(join(root, 'generator'), 'generator');
  walk(join(root, 'lint'), 'lint');
  add(join(root, 'tsconfig.json'), 'tsconfig.json');
  return { sources: hash.digest('hex'), data };
}

/** What a symbolic link points to; nothing for a link that leads nowhere (dangling, or a loop), which the compiler skips too. */
function linked(path) {
  try {
    return statSync(path);
  } catch (error) {
    if (error.code === 'ENOENT' || error.code === 'ELOOP' || error.code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** A file's identity and times as stat gives them: any write moves the ctime, which no one can set back. */
export const stamp = (info) => `${info.mtimeMs}\0${info.ctimeMs}\0${info.ino}\0${info.size}`;

/**
 * npm's record of what it installed (node_modules/.package-lock.json), by mtime and size: an
 * install may change what ct-gen runs (the generation cache's key) and what the compiler reads
 * (type declarations, TypeScript itself; `reportContext`).
 */
export function installed(root) {
  const info = statSync(join(root, 'node_modules', '.package-lock.json'), { throwIfNoEntry: false });
  return info ? `${info.mtimeMs}:${info.size}` : '-';
}

/** The sha256 of `bytes`, in hex. */
export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * What a kept report of a failed compile depends on besides the sources, as one hash: the
 * directory the compiler ran in (it prints paths relative to it), whether it wrote for a terminal
 * (`pretty`: in colour), npm's record of node_modules, and the package.json of the package, of
 * the compiler (`typescript-native`) and of @types/node as the package resolves them (which
 * compiler, and which declarations, it read).
 */
export function reportContext(root, { cwd, pretty }) {
  const require = createRequire(join(root, 'package.json'));
  const file = (spec) => {
    try {
      const path = require.resolve(spec);
      return `${path}\0${sha256(readFileSync(path))}`;
    } catch {
      return '-';
    }
  };
  return sha256(JSON.stringify([cwd, pretty, installed(root), file(join(root, 'package.json')), file('typescript-native/package.json'), file('@types/node/package.json')]));
}

/**
 * Whether the compiler's report of a failed compile (its exit `status`) is one to show again while
 * nothing changes: it ended on errors in the sources (status 1 or 2), and every error it printed
 * is at a place in a file. An error without one (TS5033, a file it could not write; TS5083, a
 * config it could not read) can go away with nothing changed, and so can a compiler that crashed
 * or was killed.
 */
export function keepsReport(status, report) {
  return (status === 1 || status === 2) && /\berror TS\d+/.test(plain(report)) && !unlocatedError(report);
}

/**
 * Whether the compiler's report has an error at no place in a file. TypeScript keeps such an
 * error (TS5033, a file it could not write) in its build info and reports it again on every
 * incremental compile of unchanged sources, even once its cause is gone.
 */
export function unlocatedError(report) {
  return plain(report)
    .split('\n')
    .some((line) => /^error TS\d+/.test(line.trimStart()));
}

const plain = (report) => report.replace(/\x1b\[[0-9;]*m/g, '');
