import { randomBytes } from 'node:crypto';
import { chmod, lstat, open, readdir, readFile, readlink, realpath, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeDirectory } from './make-dirs.js';
import { JOURNAL_PATH, LOCK_PATH, MANIFEST_PATH, journalContent, manifestText, parseJournal, parseManifest, sha256 } from './manifest.js';
import type { GeneratedFile } from './types.js';

/**
 * The only module that touches the destination: it locks it, reads what is there, plans the
 * changes and applies them. check uses the same plan without applying it.
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
  | { kind: 'stale-edited'; path: string; old: string }
  /**
   * What a ct-gen process that is gone (killed, or its PID not running) left: a temp file, its
   * journal, its lock (check only: generate takes a dead process's lock over). generate removes it.
   */
  | { kind: 'leftover'; path: string; what: 'temp' | 'journal' | 'lock'; pid: number | undefined };

export type Leftover = Extract<Change, { kind: 'leftover' }>;

export interface Plan {
  changes: Change[];
  /** Problems with the manifest found on disk, reported but not fatal. */
  warnings: string[];
  /** The journal applyChanges writes before it stages anything: the new hashes and an interrupted run's. */
  journal: Record<string, string[]>;
}

/** The destination cannot be used: a symlink leads outside it, a directory is a file, a write failed, … */
export class DestinationError extends Error {}

const FILE_MODE = 0o644;
const executable = (mode: number) => (mode & 0o111) !== 0;

/**
 * Temp files are named `.NAME.ct-gen-PID-RANDOM.tmp` beside their target (RANDOM: hex, or
 * base-36 from older versions), so a later run can tell whose they are.
 */
const TEMP_NAME = /^\..+\.ct-gen-(\d+)-[0-9a-z]+\.tmp$/;
const tempName = (name: string) => `.${name}.ct-gen-${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
/** A temp file this old is a leftover even if its PID runs (reused): a generate stages in seconds. */
const LEFTOVER_AGE_MS = 60 * 60 * 1000;
/** An empty lock (or a takeover guard) this old lost the process that made it, between two of its lines. */
const HALF_MADE_LOCK_MS = 10_000;
/** How long a generate waits for another one writing the same destination. */
export const LOCK_WAIT_MS = 30_000;
/** How many times in a row the lock's folder may be made and gone before the lock was created. */
const LOCK_VANISHED_TRIES = 100;

export interface PlanOptions {
  /** This process holds the destination's lock: a journal found there is an interrupted run's, whoever wrote it. */
  locked?: boolean;
}

export async function planChanges(dest: string, files: GeneratedFile[], options: PlanOptions = {}): Promise<Plan> {
  const root = await destinationRoot(dest, 'read');
  const found = await readIfFile(root, MANIFEST_PATH, dest);
  const { manifest, warnings } = parseManifest(found?.content);
  const changes: Change[] = [];
  const leftovers: Leftover[] = [];
  const journalText = await readIfFile(root, JOURNAL_PATH, dest);
  let pending: Record<string, string[]> = {};
  if (journalText !== undefined) {
    const { journal, warnings: journalWarnings } = parseJournal(journalText.content);
    warnings.push(...journalWarnings);
    pending = journal?.files ?? {};
    if (options.locked || !running(journal?.pid)) leftovers.push({ kind: 'leftover', path: JOURNAL_PATH, what: 'journal', pid: journal?.pid });
  }
  // A file holding what ct-gen wrote there — recorded by the manifest, or by the journal of a run killed before it wrote its manifest — is not edited by hand.
  const written = (path: string, content: string) => manifest.files[path] === sha256(content) || (pending[path]?.includes(sha256(content)) ?? false);
  const produced = new Set(files.map((f) => f.path));
  for (const file of files) {
    const current = await readIfFile(root, file.path, dest);
    if (current === undefined) {
      changes.push({ kind: 'create', path: file.path, file });
    } else if (current.content === file.content) {
      const same = executable(current.mode) === executable(file.mode ?? FILE_MODE);
      changes.push(same ? { kind: 'unchanged', path: file.path } : { kind: 'mode', path: file.path, file, oldMode: current.mode & 0o777 });
    } else if (file.path === MANIFEST_PATH || written(file.path, current.content)) {
      changes.push({ kind: 'update', path: file.path, file, old: current.content });
    } else {
      changes.push({ kind: Object.hasOwn(manifest.files, file.path) ? 'edited' : 'foreign', path: file.path, file, old: current.content });
    }
  }
  for (const path of new Set([...Object.keys(manifest.files), ...Object.keys(pending)])) {
    if (produced.has(path)) continue;
    const current = await readIfFile(root, path, dest);
    if (current === undefined) continue;
    // Only in the journal and not what ct-gen put there: the interrupted run never renamed over it, so it is not ct-gen's.
    if (written(path, current.content)) changes.push({ kind: 'delete', path, old: current.content });
    else if (Object.hasOwn(manifest.files, path)) changes.push({ kind: 'stale-edited', path, old: current.content });
  }
  const folders = new Set([...produced, ...Object.keys(manifest.files), ...Object.keys(pending), JOURNAL_PATH].map((p) => parentOf(p)));
  leftovers.push(...(await leftoverTemps(root, folders, dest)));
  if (!options.locked) {
    const lock = await lockHolder(root, dest);
    if (lock?.live === false) leftovers.push({ kind: 'leftover', path: LOCK_PATH, what: 'lock', pid: lock.pid });
    else if (lock?.live) warnings.push(`ct-gen process ${lock.pid ?? '(starting)'} is writing ${dest} (${join(dest, LOCK_PATH)}): what is compared may be half written`);
  }
  changes.push(...leftovers);
  const journal: Record<string, string[]> = Object.fromEntries(Object.entries(pending).map(([path, hashes]) => [path, [...hashes]]));
  for (const file of files) {
    if (file.path === MANIFEST_PATH) continue;
    const hash = sha256(file.content);
    if (!journal[file.path]?.includes(hash)) (journal[file.path] ??= []).push(hash);
  }
  return { changes, warnings, journal };
}

export interface ApplyOptions {
  /** Overwrite generated files edited by hand; stop tracking edited files the model no longer produces. */
  force: boolean;
  /** Take over files at generated paths that ct-gen did not write. */
  adopt: boolean;
  /**
   * Called before writing the Nth temp file (an error it throws is that write's) and after the
   * Nth rename, 1-based: where tests put a fault (a full disk) or a pause to kill the process in.
   */
  onStep?: (step: 'write' | 'rename', path: string, n: number) => void | Promise<void>;
}

/**
 * The option a change needs because it overwrites or forgets what someone else wrote: `force` for
 * a file edited by hand, `adopt` for one ct-gen never wrote; undefined for the changes any run makes.
 */
export function optionNeeded(change: Change): 'force' | 'adopt' | undefined {
  switch (change.kind) {
    case 'edited':
    case 'stale-edited':
      return 'force';
    case 'foreign':
      return 'adopt';
    default:
      return undefined;
  }
}

const REFUSED_AS: Partial<Record<Change['kind'], string>> = {
  edited: 'edited by hand',
  'stale-edited': 'no longer generated, edited by hand',
  foreign: 'not written by ct-gen',
};

/** applyChanges refused a plan whole: it holds changes (`refused`) that the options do not allow. Nothing was written. */
export class RefusedPlanError extends Error {
  constructor(
    readonly dest: string,
    readonly refused: readonly Change[],
  ) {
    super(`nothing was written to ${dest}; refused: ${refused.map((c) => `${c.path} (${REFUSED_AS[c.kind]}; needs ${optionNeeded(c)})`).join(', ')}`);
  }
}

/**
 * Apply a plan made under the destination's lock (lockDestination). A plan holding a change the
 * options do not allow (optionNeeded) is refused whole with RefusedPlanError, before anything is
 * touched. Otherwise: first the journal, then every new content to a temp file beside its target;
 * only when all exist are they renamed into place, then stale files deleted, then the manifest
 * renamed, then the journal removed. A failure before the first rename leaves the destination as
 * it was, without the folders this run created; a kill after it leaves the journal, which the next
 * run reads (planChanges). Leftovers of dead processes are removed last. A stale file that cannot
 * be deleted does not stop the run: the manifest keeps its entry, so check still reports it, and
 * once everything else is done a DestinationError names each such file.
 */
export async function applyChanges(dest: string, plan: Plan, options: ApplyOptions): Promise<void> {
  const { changes } = plan;
  const refused = changes.filter((c) => {
    const needed = optionNeeded(c);
    return needed !== undefined && options[needed] !== true;
  });
  if (refused.length > 0) throw new RefusedPlanError(dest, refused);
  const root = await destinationRoot(dest, 'write');
  const shown = (path: string) => join(dest, path);
  const writes = changes.flatMap((c) => (c.kind === 'create' || c.kind === 'update' || c.kind === 'edited' || c.kind === 'foreign' ? [c.file] : []));
  writes.sort((a, b) => Number(a.path === MANIFEST_PATH) - Number(b.path === MANIFEST_PATH));
  const deletes = changes.filter((c) => c.kind === 'delete');
  const leftovers = changes.filter((c): c is Leftover => c.kind === 'leftover');
  const hadJournal = leftovers.some((c) => c.what === 'journal');
  const journaled = writes.length + deletes.length > 0;
  const created: string[] = [];
  const staged: { temp: string; target: string; path: string; done: boolean }[] = [];
  const undeleted: { change: (typeof deletes)[number]; error: DestinationError }[] = [];
  let moved = false;
  let renamed = 0;
  try {
    if (journaled) await writeAtomically(root, JOURNAL_PATH, journalContent(process.pid, plan.journal), shown(JOURNAL_PATH));
    for (const [i, file] of writes.entries()) {
      created.push(...(await makeDirs(root, parentOf(file.path), dest)));
      const target = join(root, file.path);
      const temp = join(dirname(target), tempName(basename(target)));
      staged.push({ temp, target, path: file.path, done: false });
      const mode = file.mode ?? FILE_MODE;
      await io('write', shown(file.path), async () => {
        await options.onStep?.('write', file.path, i + 1);
        await writeFile(temp, file.content, { mode });
        await chmod(temp, mode);
      });
    }
    for (const change of changes) if (change.kind === 'mode') await io('write', shown(change.path), () => chmod(join(root, change.path), change.file.mode ?? FILE_MODE));
    const moveInto = async (entry: (typeof staged)[number]) => {
      await io('write', shown(entry.path), () => rename(entry.temp, entry.target));
      moved = true;
      entry.done = true;
      renamed += 1;
      await options.onStep?.('rename', entry.path, renamed);
    };
    for (const entry of staged) if (entry.path !== MANIFEST_PATH) await moveInto(entry);
    for (const change of deletes) {
      try {
        await removeWithEmptyParents(root, change.path, dest);
        moved = true;
      } catch (error) {
        if (!(error instanceof DestinationError)) throw error;
        undeleted.push({ change, error });
      }
    }
    if (undeleted.length > 0) {
      // Still on disk, so still ct-gen's: recorded with the hash it has, the next run deletes it and check reports it.
      const kept = Object.fromEntries(undeleted.map(({ change }) => [change.path, sha256(change.old)]));
      const keeping = (text: string) => manifestText({ ...parseManifest(text).manifest.files, ...kept });
      const manifest = writes.find((f) => f.path === MANIFEST_PATH);
      const temp = staged.find((s) => s.path === MANIFEST_PATH)?.temp;
      if (manifest && temp) {
        await io('write', shown(MANIFEST_PATH), () => writeFile(temp, keeping(manifest.content)));
      } else if (changes.some((c) => c.kind === 'unchanged' && c.path === MANIFEST_PATH)) {
        const current = await readIfFile(root, MANIFEST_PATH, dest);
        if (current) await writeAtomically(root, MANIFEST_PATH, keeping(current.content), shown(MANIFEST_PATH));
      }
    }
    for (const entry of staged) if (entry.path === MANIFEST_PATH) await moveInto(entry);
    if (journaled || hadJournal) await io('write', shown(JOURNAL_PATH), () => rm(join(root, JOURNAL_PATH), { force: true }));
  } catch (error) {
    await Promise.all(staged.filter((s) => !s.done).map((s) => rm(s.temp, { force: true }).catch(() => undefined)));
    // Once a file has moved the journal is what lets the next run finish; before that, an earlier run's is kept.
    if (!moved && journaled && !hadJournal) await rm(join(root, JOURNAL_PATH), { force: true }).catch(() => undefined);
    await removeEmptyDirs(created);
    throw error;
  }
  for (const leftover of leftovers) if (leftover.what === 'temp') await removeWithEmptyParents(root, leftover.path, dest);
  if (undeleted.length > 0) {
    const one = undeleted.length === 1;
    const note = `every other change was written; ${one ? 'that file stays' : 'those files stay'} in ${shown(MANIFEST_PATH)}, so check reports ${one ? 'it' : 'them'} as stale until generate deletes ${one ? 'it' : 'them'}`;
    throw new DestinationError([...undeleted.map(({ error }) => error.message), note].join('\n'));
  }
}

export interface DestinationLock {
  /** The PID of the process, no longer running, whose lock this run took over. */
  tookOverFrom?: number;
  /** Remove the lock and the folders taking it created that are still empty. Never throws. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for another process holding the lock; LOCK_WAIT_MS when not given. */
  waitMs?: number;
  /** Called once, when this run starts waiting for the live process `pid`. */
  onWait?: (pid: number | undefined) => void;
}

/**
 * Serialise generates on one destination: `.ct-gen/lock` is created exclusively and holds the
 * writer's PID. A lock whose PID is not running (or is this process's: a PID reused in a
 * container) is taken over; one held by a live process is waited for, up to `waitMs`, then the
 * run stops naming that PID.
 */
export async function lockDestination(dest: string, options: LockOptions = {}): Promise<DestinationLock> {
  const root = await destinationRoot(dest, 'write');
  const lockPath = join(root, LOCK_PATH);
  const shownLock = join(dest, LOCK_PATH);
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const deadline = Date.now() + waitMs;
  await inspect(root, LOCK_PATH, dest);
  const created: string[] = [];
  const release = async () => {
    const holder = await readFile(lockPath, 'utf8').catch(() => undefined);
    if (holder?.trim() === String(process.pid)) await rm(lockPath, { force: true }).catch(() => undefined);
    await removeEmptyDirs(created);
  };
  let tookOverFrom: number | undefined;
  let waiting = false;
  let vanished = 0;
  try {
    for (;;) {
      created.push(...(await makeDirs(root, parentOf(LOCK_PATH), dest)));
      if (await createLock(lockPath, shownLock)) return { tookOverFrom, release };
      const holder = await lockHolder(root, dest);
      vanished = holder === undefined ? vanished + 1 : 0;
      if (holder === undefined) {
        // Neither created nor held: its folder was removed in between. Not forever.
        if (vanished >= LOCK_VANISHED_TRIES) throw new DestinationError(`cannot write ${shownLock}: its folder disappeared each of the ${LOCK_VANISHED_TRIES} times it was made`);
        continue;
      }
      if (!holder.live) {
        if (await removeStaleLock(root, dest, holder)) tookOverFrom = holder.pid;
        continue;
      }
      if (Date.now() >= deadline) {
        const who = holder.pid === undefined ? 'another ct-gen process' : `ct-gen process ${holder.pid}`;
        throw new DestinationError(
          `cannot write ${dest}: ${who} is writing it (it holds ${shownLock}); gave up after ${Math.round(waitMs / 1000)} s. If no such ct-gen is running, delete ${shownLock}`,
        );
      }
      if (!waiting) options.onWait?.(holder.pid);
      waiting = true;
      await sleep(100);
    }
  } catch (error) {
    await removeEmptyDirs(created);
    throw error;
  }
}

/** Create the lock holding this PID; false when it exists (or its folder vanished: a failed run removed the one it made). */
async function createLock(lockPath: string, shownLock: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT') return false;
    throw diskError('write', shownLock, error);
  }
  try {
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return true;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(lockPath, { force: true }).catch(() => undefined);
    throw diskError('write', shownLock, error);
  }
}

interface LockHolder {
  pid: number | undefined;
  live: boolean;
  ino: number;
  mtimeMs: number;
  text: string;
}

/** Who holds `.ct-gen/lock`, or undefined when there is none. */
async function lockHolder(root: string, dest: string): Promise<LockHolder | undefined> {
  const path = join(root, LOCK_PATH);
  let text: string;
  let info;
  try {
    info = await lstat(path);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw diskError('read', join(dest, LOCK_PATH), error);
  }
  const pid = /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
  // An empty lock is being filled by the process that just created it, unless it stays empty.
  const live = pid === undefined ? text === '' && Date.now() - info.mtimeMs < HALF_MADE_LOCK_MS : running(pid);
  return { pid, live, ino: info.ino, mtimeMs: info.mtimeMs, text };
}

/**
 * Remove a dead process's lock unless someone replaced it meanwhile. Two runs may find the same
 * stale lock: only the one holding `.ct-gen/lock.takeover` removes it, and only if it is still
 * the very file both saw, so a fresh lock the other created in between survives.
 */
async function removeStaleLock(root: string, dest: string, stale: LockHolder): Promise<boolean> {
  const path = join(root, LOCK_PATH);
  const guard = `${path}.takeover`;
  try {
    await writeFile(guard, `${process.pid}\n`, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOENT') throw diskError('write', join(dest, LOCK_PATH), error);
    // Held by the other run, or left by one killed in these few lines: then it is old.
    const info = await stat(guard).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > HALF_MADE_LOCK_MS) await rm(guard, { force: true }).catch(() => undefined);
    await sleep(20);
    return false;
  }
  try {
    const now = await lstat(path).catch(() => undefined);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (now?.ino !== stale.ino || now.mtimeMs !== stale.mtimeMs || text !== stale.text) return false;
    await io('write', join(dest, LOCK_PATH), () => rm(path, { force: true }));
    return true;
  } finally {
    await rm(guard, { force: true }).catch(() => undefined);
  }
}

/** Is `pid` a live process other than this one? (EPERM: alive, owned by someone else.) */
function running(pid: number | undefined): boolean {
  if (pid === undefined || !Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temp files in `folders` (relative) left by processes that are gone, or too old to be anyone's work in progress. */
async function leftoverTemps(root: string, folders: ReadonlySet<string>, dest: string): Promise<Leftover[]> {
  const found: Leftover[] = [];
  for (const folder of [...folders].sort()) {
    const info = folder === '.' ? await stat(root).catch(() => undefined) : await inspect(root, folder, dest);
    if (!info?.isDirectory()) continue;
    const dir = join(root, folder);
    const names = await io('read', join(dest, folder), () => readdir(dir));
    for (const name of names.sort()) {
      const match = TEMP_NAME.exec(name);
      if (!match) continue;
      const pid = Number(match[1]);
      const age = Date.now() - ((await lstat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? Date.now());
      if (!running(pid) || age > LEFTOVER_AGE_MS) found.push({ kind: 'leftover', path: folder === '.' ? name : `${folder}/${name}`, what: 'temp', pid });
    }
  }
  return found;
}

/** Write a file of the destination by temp file and rename, so it is either old or whole. */
async function writeAtomically(root: string, path: string, content: string, shown: string): Promise<void> {
  const target = join(root, path);
  const temp = join(dirname(target), tempName(basename(target)));
  try {
    await io('write', shown, async () => {
      await writeFile(temp, content, { mode: FILE_MODE });
      await rename(temp, target);
    });
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Create `folder` (relative) and its missing parents; returns those it created, outermost first. */
async function makeDirs(root: string, folder: string, dest: string): Promise<string[]> {
  try {
    return await makeDirectory(join(root, folder));
  } catch (error) {
    // Named by the folder that could not be made: in DEST as given, or above it.
    const failed = (error as NodeJS.ErrnoException).path;
    const rel = failed === undefined ? folder : relative(root, failed);
    throw diskError('write', rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? failed! : join(dest, rel), error);
  }
}

/** Remove the folders a run created, innermost first, where they are still empty. */
async function removeEmptyDirs(created: readonly string[]): Promise<void> {
  for (const dir of [...created].sort((a, b) => b.length - a.length)) await rmdir(dir).catch(() => undefined);
}

/** Delete a stale file (one already gone is fine) and the directories it leaves empty, never the root itself. */
async function removeWithEmptyParents(root: string, path: string, dest: string): Promise<void> {
  await io('delete', join(dest, path), () => unlink(join(root, path)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  }));
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

const parentOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.');

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

/**
 * The destination's real path, or its absolute path when it does not exist yet and can be
 * created (no file or dangling symlink in the way: those stop the run, naming the culprit).
 */
async function destinationRoot(dest: string, verb: 'read' | 'write'): Promise<string> {
  const absolute = resolve(dest);
  let info;
  try {
    info = await lstat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw diskError(verb, dest, error);
    const blocked = await blockedAncestor(dirname(absolute));
    if (blocked) throw new DestinationError(`cannot ${verb} ${dest}: ${blocked}`);
    if (code === 'ENOTDIR') throw diskError(verb, dest, error);
    return absolute;
  }
  if (info.isSymbolicLink()) {
    const target = await readlink(absolute).catch(() => '?');
    try {
      info = await stat(absolute);
    } catch {
      throw new DestinationError(`cannot ${verb} ${dest}: it is a symlink to ${target}, which does not exist`);
    }
  }
  if (!info.isDirectory()) throw new DestinationError(`cannot ${verb} ${dest}: it exists and is not a directory`);
  return io(verb, dest, () => realpath(absolute));
}

/** The nearest existing ancestor of a missing path, described when it is not a directory one can create in. */
async function blockedAncestor(path: string): Promise<string | undefined> {
  for (let current = path; ; current = dirname(current)) {
    const info = await lstat(current).catch(() => undefined);
    if (info?.isSymbolicLink()) {
      const followed = await stat(current).catch(() => undefined);
      if (!followed) return `${current} is a symlink to ${await readlink(current).catch(() => '?')}, which does not exist`;
      return followed.isDirectory() ? undefined : `${current} is not a directory`;
    }
    if (info) return info.isDirectory() ? undefined : `${current} is not a directory`;
    if (dirname(current) === current) return undefined;
  }
}

/**
 * Check every existing component of `path` below the root: a symlink must resolve to a place
 * inside the root, and every component but the last must be a directory. Returns what the last
 * component is (symlinks followed), or undefined when something on the way is missing.
 */
async function inspect(root: string, path: string, dest: string): Promise<Stats | undefined> {
  const parts = path.split('/');
  let current = root;
  let info: Stats | undefined;
  for (const [i, part] of parts.entries()) {
    current = join(current, part);
    const shown = parts.slice(0, i + 1).join('/');
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
      info = await io('read', join(dest, shown), () => stat(current));
    }
    if (i < parts.length - 1 && !info.isDirectory()) throw new DestinationError(`cannot write ${path}: ${shown} exists and is not a directory`);
  }
  return info;
}

/** Read a file of the destination after inspecting its path; undefined when it is not there. */
async function readIfFile(root: string, path: string, dest: string): Promise<{ content: string; mode: number } | undefined> {
  const info = await inspect(root, path, dest);
  if (info === undefined) return undefined;
  if (!info.isFile()) throw new DestinationError(`cannot write ${path}: it exists and is not a regular file`);
  return { content: await io('read', join(dest, path), () => readFile(join(root, path), 'utf8')), mode: info.mode };
}

type Verb = 'read' | 'write' | 'delete';

/** Run a filesystem operation on `shown`, turning its error into `cannot read|write|delete shown: reason`. */
async function io<T>(verb: Verb, shown: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw diskError(verb, shown, error);
  }
}

function diskError(verb: Verb, shown: string, error: unknown): Error {
  if (error instanceof DestinationError || !isSystemError(error)) return error as Error;
  return new DestinationError(`cannot ${verb} ${shown}: ${systemReason(error)}`, { cause: error });
}

const isSystemError = (error: unknown): error is NodeJS.ErrnoException =>
  error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/.test((error as NodeJS.ErrnoException).code!);

/** `ENOSPC: no space left on device, write` → `no space left on device`. */
const systemReason = (error: NodeJS.ErrnoException) => /^E[A-Z0-9]+: (.+?), \w+(?: '.*')?$/s.exec(error.message)?.[1] ?? error.message;

const READS = new Set(['open', 'read', 'lstat', 'stat', 'readdir', 'scandir', 'readlink', 'realpath', 'access']);

/**
 * A raw Node filesystem error (one no module turned into a sentence) as
 * `cannot read|write PATH: reason`, for the CLI's last resort; undefined for any other error.
 */
export function fileSystemMessage(error: unknown): string | undefined {
  if (!isSystemError(error) || error.syscall === undefined) return undefined;
  const verb = READS.has(error.syscall) ? 'read' : 'write';
  const path = error.path ?? (error as { dest?: string }).dest ?? '(a path Node did not name)';
  // mkdir's EEXIST is a file where the folder would go (makeDirectory uses a folder that is there).
  const reason = error.code === 'EEXIST' && error.syscall === 'mkdir' ? 'it exists and is not a directory' : systemReason(error);
  return `cannot ${verb} ${path}: ${reason}`;
}
