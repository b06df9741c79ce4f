#!/usr/bin/env node
// ct-gen runs compiled JavaScript for a fast start. It runs dist/ only when the last compile
// succeeded for exactly the sources on disk: tsc emits JavaScript even for sources with errors,
// so after a failed compile every run refuses, showing its errors again (compiling again once the
// sources, the packages installed, the directory or the terminal changed), until the sources
// compile; ct-gen never answers from JavaScript of other sources. A successful compile is
// bundled (bin/bundle.js, dist/bundle/), and that bundle is what a run loads.
//
// Then, for `check` and `generate` with nothing but `--dest DIR` and `--model FILE.json`, the
// generation cache (ARCHITECTURE.md, "Start-up"): when a full run recorded what this key generates
// (dist/.gen-cache/KEY.json) and DEST holds exactly that, with nothing else planChanges would
// report, the answer is printed here without loading dist/. In any other case, or on any error,
// the full path answers, with the key when this file could compute it (it then plans from the
// stored files); a `check`, `generate` or `lint` line read here exactly as yargs reads it runs
// its command's handler directly (generator/cli/direct.ts), any other line through yargs.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_STATE, fingerprint, installed, keepsReport, reportContext, sha256, stamp, unlocatedError } from './build-state.js';
import { BUNDLE_DIR, bundle, ENTRIES } from './bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
/** The fingerprint of the sources the last compile saw, whether it succeeded, and a failed one's report (bin/build-state.js). */
const stateFile = join(root, BUILD_STATE);
const entry = join(dist, 'generator', 'cli', 'main.js');
/** What a run loads: an entry of the bundle of the compile (bin/bundle.js `ENTRIES`), by name. */
const bundleEntry = (name) => join(root, BUNDLE_DIR, `${name}.js`);
/** The compiler's record of its last build (tsconfig.json `tsBuildInfoFile`). */
const buildInfo = join(dist, '.tsbuildinfo');
/** Written by generator/gen-cache.ts, one file per key. */
const cacheDir = join(dist, '.gen-cache');
const CACHE_KEY_ENV = 'CT_GEN_CACHE_KEY';
const CACHE_MODEL_ENV = 'CT_GEN_CACHE_MODEL';
const ENTRY_FORMAT = 2;
/** generator/write.ts's mode for a generated file that names none. */
const FILE_MODE = 0o644;

/**
 * Before a run loads dist/, V8 set for a short run (ARCHITECTURE.md, "Start-up"). V8 doubles its
 * young generation each time enough survives it, up to two 16 MiB halves, a size made for
 * long-running servers. A ct-gen run is short: kept at the size it starts with, the young
 * generation takes a fifth less memory at the peak of a large model's generate (122 → 100 MiB,
 * bench/README.md) for a few percent more CPU (a changed flag makes V8 turn down Node's code cache
 * for the built-in modules loaded after it). V8 reads the factor each time it would grow the young
 * generation. And, but for `lint`, no optimising compiler (TurboFan): it compiles hot functions
 * on other threads, CPU that a run of a second or two does not earn back (a full check of
 * Codetracer's model: 0.77 → 0.50 s of CPU, wall time no longer); lint's scan of a large tree is
 * the loop it pays off for (without it, 7–13% more wall time). Not for the answer from the
 * generation cache, which allocates little and would pay for node:v8 and that code cache.
 */
async function setUpV8(command) {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--semi-space-growth-factor=1');
  if (command !== 'lint') setFlagsFromString('--no-opt');
}

function readState() {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeState(state) {
  mkdirSync(dist, { recursive: true });
  const temp = `${stateFile}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state)}\n`);
  renameSync(temp, stateFile);
}


/**
 * The command lines whose model bin reads exactly as yargs will, so that it can compute the
 * generation cache's key (undefined for any other: the full path parses it, without a key).
 *
 * - `check` or `generate` (or no command: generate) with `--dest DIR` and `--model FILE.json`
 *   (each at most once, as `--dest DIR` or `--dest=DIR`, the value not starting with `-`) and the
 *   command's own flags (check: `--color`, `--no-color`; generate: `--force`, `--adopt`; both:
 *   `--no-cache`), each at most once: `{ command, dest, model, flags, answer }`. `answer` when the
 *   line has nothing but `--dest DIR` and `--model FILE.json`: then an up-to-date DEST is answered
 *   here.
 * - `lint` with PATHs and at most `--format F`, `--model FILE.json` (each once), `--nimble` and
 *   `--no-cache`: `{ command, paths, format, nimble, cache, model }`.
 */
function fastCommand(args) {
  const [first, ...rest] = args;
  if (first === 'lint') return fastLint(rest);
  if (first === 'check' || first === 'generate') return fastGenerate(first, rest);
  // yargs runs the default command, generate, for a line that starts with an option.
  if (first === undefined || first.startsWith('--')) return fastGenerate('generate', args);
  return undefined;
}

const GENERATE_FLAGS = { check: ['--color', '--no-color', '--no-cache'], generate: ['--force', '--adopt', '--no-cache'] };

function fastGenerate(command, rest) {
  const options = {};
  let answer = true;
  const flags = new Set();
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    const joined = /^(--dest|--model)=(.*)$/s.exec(word);
    let name;
    let value;
    if (joined !== null) {
      [, name, value] = joined;
      answer = false;
    } else if (word === '--dest' || word === '--model') {
      name = word;
      value = rest[++i];
    } else if (GENERATE_FLAGS[command].includes(word) && !flags.has(word)) {
      flags.add(word);
      answer = false;
      continue;
    } else return undefined;
    if (value === undefined || value === '' || value.startsWith('-') || Object.hasOwn(options, name)) return undefined;
    options[name] = value;
  }
  // `--color --no-color`: yargs takes the last; too clever to be worth reading.
  if (flags.has('--color') && flags.has('--no-color')) return undefined;
  const model = options['--model'];
  if (!jsonModel(model)) return undefined;
  return { command, dest: options['--dest'], model, flags: [...flags], answer };
}

/** loadModel's own test: anything but .json is imported as an ES module, whose imports are unknown. */
const jsonModel = (model) => model === undefined || extname(resolve(model)) === '.json';

const LINT_FORMATS = ['text', 'json', 'sarif', 'github'];
const LINT_WORDS = new Set(['help', 'true', 'false']);

function fastLint(rest) {
  const found = { command: 'lint', paths: [], format: 'text', nimble: false, cache: true, model: undefined };
  const seen = new Set();
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (!word.startsWith('-')) {
      // yargs reads `help` as a request for help, and `true`/`false` after a flag as its value.
      if (word === '' || LINT_WORDS.has(word)) return undefined;
      found.paths.push(word);
    } else if (seen.has(word)) return undefined;
    else if (word === '--nimble') found.nimble = true;
    else if (word === '--no-cache') found.cache = false;
    else if (word === '--format' || word === '--model') {
      const value = rest[++i];
      if (value === undefined || value === '' || value.startsWith('-')) return undefined;
      if (word === '--format' && !LINT_FORMATS.includes(value)) return undefined;
      found[word.slice(2)] = value;
    } else return undefined;
    seen.add(word);
  }
  if (found.paths.length === 0) found.paths.push('.');
  return jsonModel(found.model) ? found : undefined;
}

/**
 * The package.json of an installed dependency, found as Node finds a bare import from dist/: in
 * node_modules/NAME of the importing module's folder or the nearest ancestor that has it.
 */
function dependencyManifest(name) {
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    try {
      return readFileSync(join(dir, 'node_modules', name, 'package.json'));
    } catch (error) {
      if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR') throw error;
    }
    if (dirname(dir) === dir) throw new Error(`${name} is not installed`);
  }
}

/**
 * The generation cache's key: everything the generated files depend on. The package's directory,
 * the compiled sources (`sources`), every other file under model/, generator/ and lint/ by path,
 * stamp (mtime, ctime, inode, size) and content, package.json, the runtime dependencies'
 * package.json and npm's record of node_modules, Node's version, and the model: built in, or the
 * JSON file's content (with its stamp). A file's stamp beside its content means that a file
 * edited while a run read it and then edited back is a new key, even with its mtime put back, so
 * the entry that run recorded, which may mix the two, is never used. With it, the sha256 of the
 * model file's bytes it hashed (none for the built-in model).
 */
function keyAndModel(sources, data, model) {
  const hash = createHash('sha256');
  // The package's place too: an entry records where its default destination is.
  hash.update(`ct-gen generation cache ${ENTRY_FORMAT}\0${process.version}\0${root}\0${sources}\n`);
  for (const [path, rel] of data) {
    const info = statSync(path);
    hash.update(`${rel}\0${stamp(info)}\0${sha256(readFileSync(path))}\n`);
  }
  const pkg = readFileSync(join(root, 'package.json'));
  hash.update(`package.json\0${sha256(pkg)}\n`);
  for (const name of Object.keys(JSON.parse(pkg).dependencies ?? {}).sort()) hash.update(`${name}\0${sha256(dependencyManifest(name))}\n`);
  hash.update(`node_modules\0${installed(root)}\n`);
  let modelSha;
  if (model === undefined) hash.update('model\0built-in\n');
  else {
    // Its stamp too, as for the templates: a file edited while a run reads it and then edited back is a new key.
    const info = statSync(resolve(model));
    modelSha = sha256(readFileSync(resolve(model)));
    hash.update(`model\0${stamp(info)}\0${modelSha}\n`);
  }
  return { key: hash.digest('hex'), modelSha };
}

const isSha256 = (value) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
const isPath = (value) => typeof value === 'string' && value !== '' && !value.startsWith('/') && !value.includes('\\') && !value.split('/').some((p) => p === '' || p === '.' || p === '..');
const isStrings = (value) => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** The entry recorded for `key`, when it is one (a missing, truncated or malformed file is none). */
function readEntry(key) {
  let found;
  try {
    found = JSON.parse(readFileSync(join(cacheDir, `${key}.json`), 'utf8'));
  } catch {
    return undefined;
  }
  const ok =
    found?.format === ENTRY_FORMAT &&
    found.key === key &&
    typeof found.defaultDest === 'string' &&
    [found.manifestPath, found.journalPath, found.lockPath].every(isPath) &&
    typeof found.manifest === 'string' &&
    Array.isArray(found.files) &&
    found.files.every((f) => isPath(f?.path) && isSha256(f.sha256) && (f.mode === undefined || Number.isInteger(f.mode))) &&
    new Set(found.files.map((f) => f.path)).size === found.files.length &&
    found.files.some((f) => f.path === found.manifestPath) &&
    isStrings(found.checkout?.sources) &&
    Array.isArray(found.checkout.inputs) &&
    found.checkout.inputs.every((i) => typeof i?.path === 'string') &&
    listsItsManifest(found);
  return ok ? found : undefined;
}

/** Do the entry's files agree with its own manifest: every other file listed there with its hash, nothing more, and the manifest's own hash? */
function listsItsManifest(found) {
  let listed;
  try {
    listed = JSON.parse(found.manifest)?.files;
  } catch {
    return false;
  }
  if (typeof listed !== 'object' || listed === null) return false;
  const others = found.files.filter((f) => f.path !== found.manifestPath);
  return (
    others.length === Object.keys(listed).length &&
    others.every((f) => Object.hasOwn(listed, f.path) && listed[f.path] === f.sha256) &&
    found.files.find((f) => f.path === found.manifestPath).sha256 === sha256(found.manifest)
  );
}

const parentOf = (path) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.');
const absent = (path) => {
  try {
    lstatSync(path);
    return false;
  } catch (error) {
    return error.code === 'ENOENT';
  }
};

/**
 * Is the destination `dir` (its real path) exactly what `found` records, with nothing planChanges
 * would report: the manifest byte for byte, every generated file a regular file (no symlink on
 * its path inside DEST) with the recorded hash and executable bit, every checkout input present
 * when DEST is a checkout, no ct-gen temp file in the folders involved, no journal, and (for
 * check, which takes no lock) no lock. The manifest being exactly the expected one means no stale
 * path and no file recorded by another run. The journal and the lock, which a concurrent
 * generate holds from before its first write until after its last, are looked at after the files.
 */
function upToDate(dir, found, command) {
  const directories = new Map();
  const directory = (rel) => {
    if (rel === '.') return true;
    if (!directories.has(rel)) {
      const info = lstatSync(join(dir, rel), { throwIfNoEntry: false });
      directories.set(rel, info !== undefined && info.isDirectory() && directory(parentOf(rel)));
    }
    return directories.get(rel);
  };
  const manifest = Buffer.from(found.manifest, 'utf8');
  for (const file of found.files) {
    if (!directory(parentOf(file.path))) return false;
    const path = join(dir, file.path);
    const info = lstatSync(path, { throwIfNoEntry: false });
    if (!info?.isFile() || ((info.mode & 0o111) !== 0) !== (((file.mode ?? FILE_MODE) & 0o111) !== 0)) return false;
    const bytes = readFileSync(path);
    if (file.path === found.manifestPath && !bytes.equals(manifest)) return false;
    if (sha256(bytes) !== file.sha256) return false;
  }
  const isFile = (rel) => statSync(join(dir, rel), { throwIfNoEntry: false })?.isFile() === true;
  if (found.checkout.sources.some(isFile) && !found.checkout.inputs.every((i) => isFile(i.path))) return false;
  const folders = new Set([...found.files.map((f) => parentOf(f.path)), parentOf(found.journalPath)]);
  for (const folder of folders) {
    if (readdirSync(join(dir, folder)).some((name) => name.startsWith('.') && name.includes('.ct-gen-') && name.endsWith('.tmp'))) return false;
  }
  return absent(join(dir, found.journalPath)) && (command !== 'check' || absent(join(dir, found.lockPath)));
}

/**
 * Take DEST's lock as generate does (created exclusively, holding this PID), so this run
 * compares under it as generate's plan is made; false when it is held or cannot be created
 * (generate's full path waits, takes over or reports). The lock's folder is the manifest's,
 * checked for symlinks first.
 */
function takeLock(dir, found) {
  for (let rel = parentOf(found.lockPath); rel !== '.'; rel = parentOf(rel)) {
    if (!lstatSync(join(dir, rel), { throwIfNoEntry: false })?.isDirectory()) return false;
  }
  const lock = join(dir, found.lockPath);
  let fd;
  try {
    fd = openSync(lock, 'wx');
  } catch {
    return false;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
    return true;
  } catch {
    rmSync(lock, { force: true });
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Remove the lock if it is still this process's, as generate's release does. */
function releaseLock(dir, found) {
  const lock = join(dir, found.lockPath);
  try {
    if (readFileSync(lock, 'utf8').trim() === String(process.pid)) rmSync(lock, { force: true });
  } catch {
    // Gone already.
  }
}

/**
 * Answer `check` or `generate` from the entry recorded for `key` when DEST is up to date:
 * exactly what the full path prints then, exit 0. False (nothing printed) otherwise.
 */
function answerFromCache({ command, dest, model }, key) {
  const found = readEntry(key);
  if (found === undefined) return false;
  // As generate shows it: --dest as given, else the default.
  const shownDest = dest ?? found.defaultDest;
  let dir;
  let locked = false;
  try {
    dir = realpathSync(resolve(shownDest));
    if (!statSync(dir).isDirectory()) return false;
    if (command === 'generate') {
      locked = takeLock(dir, found);
      if (!locked) return false;
    }
    if (!upToDate(dir, found, command)) return false;
  } catch {
    return false;
  } finally {
    if (locked) releaseLock(dir, found);
  }
  if (process.env.CT_GEN_TRACE_FAST) process.stderr.write(`ct-gen: answered from the generation cache (${key})\n`);
  const n = found.files.length;
  process.stdout.write(command === 'check' ? 'ct-gen check: up to date\n' : `ct-gen: ${n} files in ${shownDest}: 0 created, 0 updated, 0 deleted, ${n} unchanged\n`);
  process.exitCode = 0;
  return true;
}

/**
 * Lint with what a full run recorded from the model for `key` (`KEY.lint.json`), loading neither
 * the model nor yargs: exactly what the full path prints, and its exit code. False (nothing
 * printed) when nothing is recorded, or the lint refuses its PATHs (the full path says why).
 */
async function lintFromCache(fast, key) {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(join(cacheDir, `${key}.lint.json`), 'utf8'));
  } catch {
    return false;
  }
  if (recorded?.format !== ENTRY_FORMAT || recorded.key !== key || typeof recorded.context !== 'object' || recorded.context === null) return false;
  await setUpV8('lint');
  const { runLint } = await import(pathToFileURL(bundleEntry('lint')).href);
  try {
    process.exitCode = runLint({ paths: fast.paths, format: fast.format, nimble: fast.nimble, cwd: process.cwd(), context: recorded.context, cacheKey: fast.cache ? key : undefined });
  } catch {
    // A PATH that does not exist (LintInputError is thrown before anything is printed): the full path reports it.
    return false;
  }
  if (process.env.CT_GEN_TRACE_FAST) process.stderr.write(`ct-gen: linted with the model recorded for ${key}\n`);
  return true;
}

const { sources, data } = fingerprint(root);
const state = readState();
const REFUSED = 'ct-gen: the model or generator does not compile; fix the errors above (every command refuses to run until then)\n';
/**
 * Whether the compiler's report goes to a terminal: then tsc colours it, by its own rule when it
 * writes to one itself (a TTY, and NO_COLOR unset).
 */
const pretty = process.stderr.isTTY === true && !process.env.NO_COLOR;
if (!(state?.ok === true && state.sources === sources && existsSync(entry) && Object.keys(ENTRIES).every((name) => existsSync(bundleEntry(name))))) {
  const failed = state?.ok === false && state.sources === sources;
  const context = reportContext(root, { cwd: process.cwd(), pretty });
  // Nothing the compiler's report depends on has changed since it reported errors: the same
  // report, without compiling again (a hook or an editor's save runs every command
  // on a broken model).
  if (failed && typeof state.report === 'string' && state.context === context) {
    process.stderr.write(`ct-gen: the model or generator did not compile, and has not changed since:\n${state.report}${REFUSED}`);
    process.exit(2);
  }
  process.stderr.write(failed ? 'ct-gen: the model or generator did not compile; compiling again…\n' : 'ct-gen: model or generator changed; compiling…\n');
  // Until this compile succeeds, no run may trust dist/.
  rmSync(stateFile, { force: true });
  // The compiler's build info says what it last wrote, and an incremental compile writes only
  // what changed since: with the entry deleted, it would not write it again. (Other files of
  // dist/ deleted by hand are not looked for: `rm -rf dist` makes the next run compile it all.)
  if (!existsSync(entry)) rmSync(buildInfo, { force: true });
  const { createRequire } = await import('node:module');
  const { spawnSync } = await import('node:child_process');
  // TypeScript 7, the native compiler (devDependency `typescript-native`): the TypeScript 5.9 API
  // that add-target's transpile and ts-morph use is the one ts-morph bundles.
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript-native/package.json')), 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json'), ...(pretty ? ['--pretty'] : [])], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  // The compiler's report goes to stderr: stdout belongs to the command (`list --format json`).
  const report = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  process.stderr.write(report);
  if (result.status !== 0) {
    if (result.error) process.stderr.write(`ct-gen: ${result.error.message}\n`);
    // Errors in the sources are kept, to be shown again while nothing changes; anything else
    // (a crash, a file it could not write) compiles again next time, and one that the build info
    // would report again without trying (a file it could not write) compiles everything again.
    writeState({ sources, ok: false, ...(keepsReport(result.status, report) ? { report, context } : {}) });
    if (unlocatedError(report)) rmSync(buildInfo, { force: true });
    process.stderr.write(REFUSED);
    process.exit(2);
  }
  try {
    await bundle(root);
  } catch (error) {
    // Not the sources' fault: the next run compiles and bundles again.
    writeState({ sources, ok: false });
    process.stderr.write(`ct-gen: bundling the compiled JavaScript failed: ${error.message}\n`);
    process.exit(2);
  }
  writeState({ sources, ok: true });
}

// A closed pipe (`ct-gen list | head`) ends the output, not the program with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const fast = fastCommand(process.argv.slice(2));
let key;
let modelSha;
if (fast !== undefined) {
  try {
    ({ key, modelSha } = keyAndModel(sources, data, fast.model));
  } catch {
    // A file of the key cannot be read: no cache for this run.
  }
}
// Only this process's own key reaches the command (never one inherited from a parent), with the
// digest of the model file it hashed: a command records under the key only what it generated
// from exactly those bytes.
if (key === undefined) delete process.env[CACHE_KEY_ENV];
else process.env[CACHE_KEY_ENV] = key;
if (modelSha === undefined) delete process.env[CACHE_MODEL_ENV];
else process.env[CACHE_MODEL_ENV] = modelSha;

const answered = key !== undefined && !process.env.CT_GEN_NO_FAST_PATH && (fast.command === 'lint' ? await lintFromCache(fast, key) : fast.answer && answerFromCache(fast, key));
if (!answered) {
  // The command as yargs will read it: the first word that is not an option (a value given to an
  // option only costs this run the wrong setting).
  await setUpV8(process.argv.slice(2).find((word) => !word.startsWith('-')));
  if (fast !== undefined && !process.env.CT_GEN_NO_FAST_PATH) {
    // A line read exactly as yargs reads it runs its command's handler without loading yargs.
    const { runDirect } = await import(pathToFileURL(bundleEntry('direct')).href);
    await runDirect(fast);
  } else {
    const { main } = await import(pathToFileURL(bundleEntry('main')).href);
    await main();
  }
  if (key !== undefined) {
    // What the command read may have changed while it ran (an editor saving a template): then its
    // entry may mix two states and is dropped.
    let now;
    try {
      const current = fingerprint(root);
      now = keyAndModel(current.sources, current.data, fast.model).key;
    } catch {
      now = undefined;
    }
    if (now !== key) {
      for (const name of [`${key}.json`, `${key}.lint.json`]) {
        try {
          rmSync(join(cacheDir, name), { force: true });
        } catch {
          // A read-only package records nothing either.
        }
      }
    }
  }
}
