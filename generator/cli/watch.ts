import { spawn, type ChildProcess } from 'node:child_process';
import { lstatSync, readdirSync, watch as watchDirectory, type Dirent, type FSWatcher } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { defaultDest, packageRoot, shownFile } from '../paths.js';
import { EXIT_OK, EXIT_USAGE } from './errors.js';

/**
 * `ct-gen generate --watch`: generate, then again after every change of the model, the families' templates
 * or the generator, until SIGINT or SIGTERM (exit 0; a run in progress finishes first, a second
 * signal stops it). Each run is a child `bin/ct-gen.js generate`:
 * bin/ct-gen.js compiles the edited TypeScript first, and a fresh process imports the fresh model
 * (an ES module, once imported, cannot be loaded again). A run that fails (the sources do not
 * compile, the model does not validate, generate refuses a file) prints its errors and the
 * watch goes on; the next save runs again.
 */

export interface WatchArgs {
  dest?: string;
  model?: string;
  force: boolean;
  adopt: boolean;
  cache: boolean;
}

/** Saves come in bursts (an editor's write and rename, a formatter after it): one run after the burst. */
const DEBOUNCE_MS = 150;
/** Files whose change can change the output; editors' swap and backup files are not among them. */
const RELEVANT = /\.(ts|mts|cts|js|mjs|cjs|json|hbs)$/;
/** bin/ct-gen.js's notices that it compiles (again), or shows the errors of the last compile again. */
const COMPILING = /^ct-gen: (model or generator changed; compiling|the model or generator did not compile(; compiling again|, and has not changed since:$))/;

/** The command line of each run: generate with the watch's own options. */
export function watchRunArgs(args: WatchArgs): string[] {
  return [
    'generate',
    ...(args.dest !== undefined ? ['--dest', args.dest] : []),
    ...(args.model !== undefined ? ['--model', args.model] : []),
    ...(args.force ? ['--force'] : []),
    ...(args.adopt ? ['--adopt'] : []),
    ...(args.cache ? [] : ['--no-cache']),
  ];
}

export async function watchGenerate(args: WatchArgs): Promise<void> {
  const dest = resolve(args.dest ?? defaultDest);
  const generateArgs = watchRunArgs(args);
  // The built-in model and the schemas are under model/; a --model file may import its neighbours.
  const roots: { dir: string; recursive: boolean }[] = [
    { dir: join(packageRoot, 'model'), recursive: true },
    // The families' templates are under generator/.
    { dir: join(packageRoot, 'generator'), recursive: true },
    { dir: join(packageRoot, 'lint'), recursive: true },
    ...(args.model !== undefined ? [{ dir: dirname(resolve(args.model)), recursive: false }] : []),
  ];

  let child: ChildProcess | undefined;
  let timer: NodeJS.Timeout | undefined;
  let pending = false;
  let stopping = false;
  const watchers: { close(): void }[] = [];
  let exitCode = EXIT_OK;
  let finished: () => void = () => {};
  const done = new Promise<void>((resolveDone) => (finished = resolveDone));

  const schedule = () => {
    if (stopping) return;
    if (child) {
      pending = true;
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(runOnce, DEBOUNCE_MS);
  };

  function runOnce() {
    pending = false;
    const started = Date.now();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    // In a process group of its own: Ctrl-C in the terminal reaches the watch, which lets the run finish.
    child = spawn(process.execPath, [join(packageRoot, 'bin', 'ct-gen.js'), ...generateArgs], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('close', (code, signal) => {
      child = undefined;
      const run = summary(code, signal, Buffer.concat(out).toString(), Buffer.concat(err).toString(), Date.now() - started);
      process.stderr.write(run.errors);
      process.stdout.write(run.line);
      if (stopping) return finished();
      if (pending) schedule();
    });
  }

  function stop(code: number = EXIT_OK) {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    clearTimeout(timer);
    for (const w of watchers) w.close();
    if (!child) return finished();
    // A run in progress finishes (a generate takes about a second), so DEST is left whole.
    process.stderr.write('ct-gen: stopping once the run in progress ends (Ctrl-C again stops it now)\n');
  }
  // A second signal stops the run too: a generate stopped inside its write window is completed or
  // rolled back by the next one (its journal).
  const onSignal = () => (stopping ? child?.kill('SIGTERM') : stop());
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const fail = (dir: string, error: Error) => {
    if (stopping) return;
    process.stderr.write(`ct-gen: cannot watch ${shownFile(dir)}: ${error.message}\n`);
    stop(EXIT_USAGE);
  };
  try {
    for (const root of roots) {
      watchers.push(
        watchTree(root.dir, root.recursive, (path) => {
          // What generate writes never starts another run, even when DEST lies inside a watched directory.
          if (path === dest || path.startsWith(dest + sep)) return;
          if (RELEVANT.test(path)) schedule();
        }, fail),
      );
    }
  } catch (error) {
    fail(roots[watchers.length]!.dir, error as Error);
  }
  if (!stopping) {
    process.stdout.write(`ct-gen: generating ${shownFile(dest)} now and after every change of ${roots.map((r) => `${shownFile(r.dir)}/`).join(', ')} (Ctrl-C stops)\n`);
    runOnce();
  }
  await done;
  process.exitCode = exitCode;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

/**
 * What a run says: its errors and notes (for stderr), then one line (for stdout),
 * `12:03:04 generated: 2 updated, 0 created, 0 deleted (140 ms)`, `12:03:04 up to date (140 ms)`
 * or `12:03:04 not generated (exit 2): …`.
 */
export function summary(code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string, ms: number, now = new Date()): { errors: string; line: string } {
  const time = now.toTimeString().slice(0, 8);
  // bin/ct-gen.js says when it compiles; after a save it always does, so that is no news here.
  const said = stderr.split('\n').filter((line) => line !== '' && !COMPILING.test(line));
  const errors = said.map((line) => `${line}\n`).join('');
  if (code !== EXIT_OK) return { errors, line: `${time} not generated (${signal ? `killed by ${signal}` : `exit ${code}`}): see the errors above; waiting for the next change\n` };
  const last = stdout.trim().split('\n').pop() ?? '';
  const counts = /(\d+) created, (\d+) updated, (\d+) deleted, \d+ unchanged(?:, (\d+) adopted)?/.exec(last);
  if (!counts) return { errors, line: `${time} ${last.replace(/^ct-gen: /, '')} (${ms} ms)\n` };
  const [created, updated, deleted, adopted] = [counts[1], counts[2], counts[3], counts[4] ?? '0'].map(Number) as [number, number, number, number];
  const what =
    created + updated + deleted + adopted === 0 ? 'up to date' : `generated: ${updated} updated, ${created} created, ${deleted} deleted${adopted > 0 ? `, ${adopted} adopted` : ''}`;
  return { errors, line: `${time} ${what} (${ms} ms)\n` };
}

/**
 * Every directory under `root` watched on its own (directories made later too), `onChange` called
 * with the path of each entry that changed. Not `fs.watch(root, { recursive: true })`: on Linux,
 * Node 20 follows each file there, and loses a file that is replaced by a rename (sed -i, editors
 * that write a copy and move it over), so later saves went unseen; a directory's watch sees any
 * entry of that name.
 */
function watchTree(root: string, recursive: boolean, onChange: (path: string) => void, onError: (dir: string, error: Error) => void): { close(): void } {
  const watched = new Map<string, FSWatcher>();
  const add = (dir: string) => {
    if (watched.has(dir)) return;
    const watcher = watchDirectory(dir, (_event, name) => {
      const path = name === null ? dir : join(dir, name.toString());
      if (recursive && path !== dir && isDirectory(path)) walk(path);
      onChange(path);
    });
    watcher.on('error', (error) => {
      watcher.close();
      watched.delete(dir);
      // A subdirectory that went away takes its watch with it; the root must stay.
      if (dir === root) onError(dir, error);
    });
    watched.set(dir, watcher);
  };
  const walk = (dir: string) => {
    add(dir);
    if (!recursive) return;
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) if (entry.isDirectory()) walk(join(dir, entry.name));
  };
  walk(root);
  return { close: () => [...watched.values()].forEach((w) => w.close()) };
}

function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
