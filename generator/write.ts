import { lstat, mkdir, readFile, readlink, realpath, rename, rm, chmod, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MANIFEST_PATH, sha256, type Manifest } from './pipeline.js';
import type { GeneratedFile } from './types.js';

/**
 * The only module that touches the destination: it reads what is there, plans the changes
 * and applies them. check uses the same plan without applying it.
 */

export type Change =
  | { kind: 'unchanged'; path: string }
  | { kind: 'create'; path: string; file: GeneratedFile }
  | { kind: 'update'; path: string; file: GeneratedFile; old: string }
  | { kind: 'mode'; path: string; file: GeneratedFile; oldMode: number }
  /** A file ct-gen wrote earlier that the model no longer produces, unedited: safe to delete. */
  | { kind: 'delete'; path: string; old: string }
  /** A generated path whose file someone else wrote or edited: overwritten only with --force. */
  | { kind: 'edited'; path: string; file: GeneratedFile; old: string }
  /** A file the model no longer produces that was edited since: reported, never deleted. */
  | { kind: 'stale-edited'; path: string; old: string };

/** The destination cannot be used: a symlink leads outside it, or it is not a directory. */
export class DestinationError extends Error {}

const FILE_MODE = 0o644;

export async function planChanges(dest: string, files: GeneratedFile[]): Promise<Change[]> {
  const root = await destinationRoot(dest);
  const manifest = await readManifest(root);
  const changes: Change[] = [];
  const produced = new Set(files.map((f) => f.path));
  for (const file of files) {
    await refuseEscapingLinks(root, file.path);
    const current = await readIfFile(join(root, file.path));
    if (current === undefined) {
      changes.push({ kind: 'create', path: file.path, file });
    } else if (current.content === file.content) {
      const wanted = file.mode ?? FILE_MODE;
      changes.push((current.mode & 0o777) === wanted ? { kind: 'unchanged', path: file.path } : { kind: 'mode', path: file.path, file, oldMode: current.mode & 0o777 });
    } else if (file.path === MANIFEST_PATH || manifest.files[file.path] === sha256(current.content)) {
      changes.push({ kind: 'update', path: file.path, file, old: current.content });
    } else {
      changes.push({ kind: 'edited', path: file.path, file, old: current.content });
    }
  }
  for (const [path, hash] of Object.entries(manifest.files)) {
    if (produced.has(path)) continue;
    await refuseEscapingLinks(root, path);
    const current = await readIfFile(join(root, path));
    if (current === undefined) continue;
    changes.push(sha256(current.content) === hash ? { kind: 'delete', path, old: current.content } : { kind: 'stale-edited', path, old: current.content });
  }
  return changes;
}

/** Apply a plan: every write is temp file + rename, so a reader never sees half a file. */
export async function applyChanges(dest: string, changes: Change[], options: { force: boolean }): Promise<void> {
  const root = await destinationRoot(dest);
  // The manifest goes last: if a run dies midway, the next run still knows what it wrote before.
  const ordered = [...changes].sort((a, b) => Number(a.path === MANIFEST_PATH) - Number(b.path === MANIFEST_PATH));
  for (const change of ordered) {
    switch (change.kind) {
      case 'create':
      case 'update':
        await writeAtomically(root, change.file);
        break;
      case 'edited':
        if (options.force) await writeAtomically(root, change.file);
        break;
      case 'mode':
        await chmod(join(root, change.path), change.file.mode ?? FILE_MODE);
        break;
      case 'delete':
        await rm(join(root, change.path));
        break;
      case 'unchanged':
      case 'stale-edited':
        break;
    }
  }
}

async function writeAtomically(root: string, file: GeneratedFile): Promise<void> {
  const target = join(root, file.path);
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${file.path.split('/').pop()}.ct-gen-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  try {
    await writeFile(temp, file.content, { mode: file.mode ?? FILE_MODE });
    await chmod(temp, file.mode ?? FILE_MODE);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
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

/** Refuse a path whose existing components include a symlink that resolves outside the root. */
async function refuseEscapingLinks(root: string, path: string): Promise<void> {
  let current = root;
  for (const part of path.split('/')) {
    current = join(current, part);
    let info;
    try {
      info = await lstat(current);
    } catch {
      return;
    }
    if (!info.isSymbolicLink()) continue;
    const link = await readlink(current);
    let resolved: string;
    try {
      resolved = await realpath(current);
    } catch {
      resolved = resolve(dirname(current), link);
    }
    const rel = relative(root, resolved);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new DestinationError(`refusing to write ${path}: ${relative(root, current)} is a symlink to ${link}, outside the destination`);
    }
  }
}

async function readIfFile(path: string): Promise<{ content: string; mode: number } | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new DestinationError(`${path} exists and is not a regular file`);
    return { content: await readFile(path, 'utf8'), mode: info.mode };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readManifest(root: string): Promise<Manifest> {
  const found = await readIfFile(join(root, MANIFEST_PATH));
  if (!found) return { generator: 'ct-gen', files: {} };
  try {
    const parsed = JSON.parse(found.content) as Manifest;
    if (parsed.generator === 'ct-gen' && parsed.files && typeof parsed.files === 'object') return parsed;
  } catch {
    // An unreadable manifest protects nothing: treat every existing file as someone else's.
  }
  return { generator: 'ct-gen', files: {} };
}
