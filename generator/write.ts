import { chmod, lstat, mkdir, readFile, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MANIFEST_PATH, parseManifest, sha256 } from './manifest.js';
import type { GeneratedFile } from './types.js';

/**
 * The only module that touches the destination: it reads what is there, plans the changes
 * and applies them. check uses the same plan without applying it.
 */

export type Change =
  | { kind: 'unchanged'; path: string }
  | { kind: 'create'; path: string; file: GeneratedFile }
  | { kind: 'update'; path: string; file: GeneratedFile; old: string }
  /** Same content, but the executable bit differs (git records only that bit). */
  | { kind: 'mode'; path: string; file: GeneratedFile; oldMode: number }
  /** A file ct-gen wrote earlier that the model no longer produces, unedited: safe to delete. */
  | { kind: 'delete'; path: string; old: string }
  /** A generated file ct-gen wrote (it is in the manifest) and someone edited since: overwritten only with --force. */
  | { kind: 'edited'; path: string; file: GeneratedFile; old: string }
  /** A file at a generated path that ct-gen never wrote (not in the manifest), e.g. the checkout's own: taken over only with --adopt. */
  | { kind: 'foreign'; path: string; file: GeneratedFile; old: string }
  /** A file the model no longer produces that was edited since: never deleted; --force forgets it. */
  | { kind: 'stale-edited'; path: string; old: string };

export interface Plan {
  changes: Change[];
  /** Problems with the manifest found on disk, reported but not fatal. */
  warnings: string[];
}

/** The destination cannot be used: a symlink leads outside it, a directory is a file, … */
export class DestinationError extends Error {}

const FILE_MODE = 0o644;
const executable = (mode: number) => (mode & 0o111) !== 0;

export async function planChanges(dest: string, files: GeneratedFile[]): Promise<Plan> {
  const root = await destinationRoot(dest);
  const found = await readIfFile(root, MANIFEST_PATH);
  const { manifest, warnings } = parseManifest(found?.content);
  const changes: Change[] = [];
  const produced = new Set(files.map((f) => f.path));
  for (const file of files) {
    const current = await readIfFile(root, file.path);
    if (current === undefined) {
      changes.push({ kind: 'create', path: file.path, file });
    } else if (current.content === file.content) {
      const same = executable(current.mode) === executable(file.mode ?? FILE_MODE);
      changes.push(same ? { kind: 'unchanged', path: file.path } : { kind: 'mode', path: file.path, file, oldMode: current.mode & 0o777 });
    } else if (file.path === MANIFEST_PATH || manifest.files[file.path] === sha256(current.content)) {
      changes.push({ kind: 'update', path: file.path, file, old: current.content });
    } else {
      changes.push({ kind: Object.hasOwn(manifest.files, file.path) ? 'edited' : 'foreign', path: file.path, file, old: current.content });
    }
  }
  for (const [path, hash] of Object.entries(manifest.files)) {
    if (produced.has(path)) continue;
    const current = await readIfFile(root, path);
    if (current === undefined) continue;
    changes.push(sha256(current.content) === hash ? { kind: 'delete', path, old: current.content } : { kind: 'stale-edited', path, old: current.content });
  }
  return { changes, warnings };
}

export interface ApplyOptions {
  /** Overwrite generated files edited by hand; stop tracking edited files the model no longer produces. */
  force: boolean;
  /** Take over files at generated paths that ct-gen did not write. */
  adopt: boolean;
}

/** The changes this run may not make without a flag it lacks: while any remains, nothing is written. */
export function refusedChanges(changes: readonly Change[], options: ApplyOptions): Change[] {
  return changes.filter((c) => ((c.kind === 'edited' || c.kind === 'stale-edited') && !options.force) || (c.kind === 'foreign' && !options.adopt));
}

/**
 * Apply a plan in two phases: every new content is first written to a temp file beside its
 * target; only when all of them exist are they renamed into place, so a failure while writing
 * leaves the destination as it was. Deletions and the manifest come last. A plan with a change
 * the options do not allow (see refusedChanges) is refused whole.
 */
export async function applyChanges(dest: string, changes: Change[], options: ApplyOptions): Promise<void> {
  const refused = refusedChanges(changes, options);
  if (refused.length > 0) throw new Error(`refusing to write into ${dest}: ${refused.map((c) => `${c.path} (${c.kind})`).join(', ')}`);
  const root = await destinationRoot(dest);
  const writes = changes.flatMap((c) => (c.kind === 'create' || c.kind === 'update' || c.kind === 'edited' || c.kind === 'foreign' ? [c.file] : []));
  writes.sort((a, b) => Number(a.path === MANIFEST_PATH) - Number(b.path === MANIFEST_PATH));
  const staged: { temp: string; target: string }[] = [];
  try {
    for (const file of writes) {
      const target = join(root, file.path);
      await mkdir(dirname(target), { recursive: true });
      const temp = join(dirname(target), `.${file.path.split('/').pop()}.ct-gen-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
      staged.push({ temp, target });
      await writeFile(temp, file.content, { mode: file.mode ?? FILE_MODE });
      await chmod(temp, file.mode ?? FILE_MODE);
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw error;
  }
  for (const change of changes) if (change.kind === 'mode') await chmod(join(root, change.path), change.file.mode ?? FILE_MODE);
  for (const { temp, target } of staged) await rename(temp, target);
  for (const change of changes) if (change.kind === 'delete') await removeWithEmptyParents(root, change.path);
}

/** Delete a stale file and the directories it leaves empty, never the root itself. */
async function removeWithEmptyParents(root: string, path: string): Promise<void> {
  await rm(join(root, path));
  const parts = path.split('/').slice(0, -1);
  while (parts.length > 0) {
    try {
      await rmdir(join(root, ...parts));
    } catch {
      return;
    }
    parts.pop();
  }
}

/**
 * Which of `paths` (relative to DEST) are files there, following symlinks: the checkout's
 * sources the model names. Read-only; a path that cannot be read counts as missing.
 */
export async function existingFiles(dest: string, paths: readonly string[]): Promise<Set<string>> {
  const root = resolve(dest);
  const found = new Set<string>();
  for (const path of new Set(paths)) {
    try {
      if ((await stat(join(root, path))).isFile()) found.add(path);
    } catch {
      // missing, a dangling link or unreadable: not there
    }
  }
  return found;
}

async function destinationRoot(dest: string): Promise<string> {
  const absolute = resolve(dest);
  try {
    const info = await stat(absolute);
    if (!info.isDirectory()) throw new DestinationError(`destination ${dest} is not a directory`);
    return await realpath(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return absolute;
    throw error;
  }
}

/**
 * Check every existing component of `path` below the root: a symlink must resolve to a place
 * inside the root, and every component but the last must be a directory. Then read the file.
 */
async function readIfFile(root: string, path: string): Promise<{ content: string; mode: number } | undefined> {
  const parts = path.split('/');
  let current = root;
  for (const [i, part] of parts.entries()) {
    current = join(current, part);
    const shown = parts.slice(0, i + 1).join('/');
    let info;
    try {
      info = await lstat(current);
    } catch {
      return undefined;
    }
    if (info.isSymbolicLink()) {
      let target: string;
      try {
        target = await realpath(current);
      } catch {
        throw new DestinationError(`refusing to write ${path}: ${shown} is a dangling symlink`);
      }
      const rel = relative(root, target);
      if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
        throw new DestinationError(`refusing to write ${path}: ${shown} is a symlink to ${target}, outside the destination`);
      }
      info = await stat(current);
    }
    const last = i === parts.length - 1;
    if (!last && !info.isDirectory()) throw new DestinationError(`cannot write ${path}: ${shown} exists and is not a directory`);
    if (last && !info.isFile()) throw new DestinationError(`cannot write ${path}: it exists and is not a regular file`);
  }
  return { content: await readFile(current, 'utf8'), mode: (await stat(current)).mode };
}
