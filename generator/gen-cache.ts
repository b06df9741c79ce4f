import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { LintContext } from '../lint/run.js';
import type { Model } from '../model/schema/index.js';
import { keepNewest, writeWhole } from './cache-files.js';
import type { Checkout } from './checkout.js';
import type { Generation } from './generation.js';
import { JOURNAL_PATH, LOCK_PATH, MANIFEST_PATH, isSafeRelative, sha256 } from './manifest.js';
import { defaultDest, packageRoot } from './paths.js';
import type { GeneratedFile } from './types.js';

/**
 * The generation cache: what `check` and `generate` generate for one key, so that
 * `bin/ct-gen.js` can answer "up to date" without loading dist/ when DEST already holds exactly
 * that, and any other run with the key plans from the stored files without loading the model or
 * the generator (ARCHITECTURE.md, "Start-up").
 *
 * The key is computed by bin/ct-gen.js (everything the generated files depend on: the sources it
 * compiles, every other file under model/, generator/ and lint/ — templates, baseline.json —,
 * package.json, the runtime dependencies, Node's version, and a `--model` JSON file's content)
 * and handed to the command in CT_GEN_CACHE_KEY; bin sets it only for a command line whose model
 * it reads exactly. The entry (`KEY.json`) holds what the fast path needs to decide, as
 * planChanges would, that DEST is up to date — the generated files (path, sha256, mode), the manifest's text, the destination's bookkeeping paths, the default destination, and
 * the checkout's sources and inputs — and what the rest of the generation is: each file's mode,
 * format and family, and each family's concepts. Each file's content is kept once, by its sha256,
 * in `blobs/`, shared between keys.
 */

export const CACHE_KEY_ENV = 'CT_GEN_CACHE_KEY';
/** The entry layout bin/ct-gen.js reads; an entry of another format is not used. */
export const ENTRY_FORMAT = 2;
export const genCacheDir = join(packageRoot, 'dist', '.gen-cache');
/** Entries kept: a run that writes one removes the oldest beyond this. */
const KEEP = 64;
/** The folder of file contents, named by their sha256. */
const BLOBS = 'blobs';
/** An unreferenced content younger than this may belong to an entry being written (each record touches the contents it names); it stays. */
const BLOB_GRACE_MS = 3_600_000;

export interface GenCacheEntry {
  format: typeof ENTRY_FORMAT;
  key: string;
  /** The destination without `--dest`, spelled as generate shows it. */
  defaultDest: string;
  manifestPath: string;
  journalPath: string;
  lockPath: string;
  /** The manifest as generate writes it: the one on disk must be exactly this. */
  manifest: string;
  /** Every generated file, the manifest included, in the order generate counts them. */
  files: StoredFile[];
  /** When DEST holds one of `sources` it is a checkout, and every path of `inputs` must be a file there. */
  checkout: Checkout;
  concepts: Generation['concepts'];
}

/** A generated file as an entry names it; its content is `blobs/<sha256>`. */
interface StoredFile {
  path: string;
  sha256: string;
  /** As generated; none means write.ts's default (0o644). bin/ct-gen.js takes the executable bit from it. */
  mode?: number;
  format?: string;
  family?: string;
}

const KEY = /^[0-9a-f]{64}$/;
const ENTRY = /^[0-9a-f]{64}\.json$/;

/** The entry for `generation`; undefined when the fast path could not compare its files exactly. */
export function cacheEntry(key: string, generation: Generation): GenCacheEntry | undefined {
  const { files } = generation;
  const manifest = files.find((f) => f.path === MANIFEST_PATH);
  if (manifest === undefined) return undefined;
  // planChanges compares text read as UTF-8, the fast path bytes: the same only for text that
  // survives the round trip, which is well-formed UTF-16 (no lone surrogate).
  if (!files.every((f) => f.content.isWellFormed())) return undefined;
  return {
    format: ENTRY_FORMAT,
    key,
    defaultDest,
    manifestPath: MANIFEST_PATH,
    journalPath: JOURNAL_PATH,
    lockPath: LOCK_PATH,
    manifest: manifest.content,
    files: files.map((f) => ({ path: f.path, sha256: sha256(f.content), mode: f.mode, format: f.format, family: f.family })),
    checkout: generation.checkout,
    concepts: generation.concepts,
  };
}

/**
 * Record what this run generated under the key bin/ct-gen.js passed (none: nothing recorded):
 * each file's content, then the entry that names them. Written whole, then renamed; a cache that
 * cannot be written is no error.
 */
export function recordGeneration(generation: Generation, key = runKey(), dir = genCacheDir): void {
  // The key names the entry's file.
  if (key === undefined || !KEY.test(key)) return;
  try {
    const entry = cacheEntry(key, generation);
    if (entry === undefined) return;
    const now = new Date();
    entry.files.forEach((f, i) => {
      const blob = join(dir, BLOBS, f.sha256);
      // A content kept from before is touched: pruning spares contents younger than an hour, so
      // another run cannot remove it before this entry, which names it, is written.
      if (existsSync(blob)) utimesSync(blob, now, now);
      else writeWhole(blob, generation.files[i]!.content);
    });
    if (writeEntry(dir, `${key}.json`, entry)) pruneBlobs(dir);
  } catch {
    // A read-only package: the next run takes the full path again.
  }
}

/**
 * The generation recorded for `key`, when its entry and every file it names are there and
 * intact (each content has its recorded sha256); undefined otherwise, and the caller generates.
 */
export function storedGeneration(key: string, dir = genCacheDir): Generation | undefined {
  let entry: unknown;
  try {
    entry = JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isEntry(entry, key)) return undefined;
  const files: GeneratedFile[] = [];
  let whole = true;
  for (const f of entry.files) {
    const blob = join(dir, BLOBS, f.sha256);
    let content: string | undefined;
    try {
      content = readFileSync(blob, 'utf8');
    } catch (error) {
      // Missing: the run that generates instead stores it.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        whole = false;
        continue;
      }
    }
    if (content === undefined || sha256(content) !== f.sha256) {
      whole = false;
      try {
        // Damaged, or not a file (a folder in its place): removed, so that the run that generates instead stores it again.
        rmSync(blob, { recursive: true, force: true });
      } catch {
        // A read-only package: the model answers every time.
      }
      continue;
    }
    const file: GeneratedFile = { path: f.path, content };
    if (f.mode !== undefined) file.mode = f.mode;
    if (f.format !== undefined) file.format = f.format as GeneratedFile['format'];
    if (f.family !== undefined) file.family = f.family;
    files.push(file);
  }
  if (!whole) return undefined;
  return { files, checkout: entry.checkout, concepts: entry.concepts };
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const optional = (value: unknown, test: (v: unknown) => boolean) => value === undefined || test(value);

/** Is `value` an entry of this format for `key`, every field of the shape this module writes? */
function isEntry(value: unknown, key: string): value is GenCacheEntry {
  if (!isRecord(value) || value.format !== ENTRY_FORMAT || value.key !== key || !isString(value.manifest)) return false;
  const { files, checkout, concepts } = value;
  const fileOk = (f: unknown) =>
    isRecord(f) &&
    isString(f.path) &&
    isSafeRelative(f.path) &&
    isString(f.sha256) &&
    KEY.test(f.sha256) &&
    optional(f.mode, (m) => Number.isInteger(m)) &&
    optional(f.format, isString) &&
    optional(f.family, isString);
  return (
    Array.isArray(files) &&
    files.every(fileOk) &&
    new Set(files.map((f: StoredFile) => f.path)).size === files.length &&
    isRecord(checkout) &&
    isStrings(checkout.sources) &&
    Array.isArray(checkout.inputs) &&
    checkout.inputs.every((i) => isRecord(i) && isString(i.path) && isString(i.by)) &&
    isRecord(concepts) &&
    Object.values(concepts).every(isStrings) &&
    listsItsManifest(value.manifest, files as StoredFile[])
  );
}

/** Do an entry's files agree with its own manifest: every other file listed there with its hash, nothing more, and the manifest's own hash? */
function listsItsManifest(manifest: string, files: readonly StoredFile[]): boolean {
  let listed: unknown;
  try {
    listed = (JSON.parse(manifest) as { files?: unknown } | null)?.files;
  } catch {
    return false;
  }
  if (!isRecord(listed)) return false;
  const others = files.filter((f) => f.path !== MANIFEST_PATH);
  return (
    others.length === Object.keys(listed).length &&
    others.every((f) => Object.hasOwn(listed, f.path) && listed[f.path] === f.sha256) &&
    files.find((f) => f.path === MANIFEST_PATH)?.sha256 === sha256(manifest)
  );
}

/**
 * Record what lint takes from the model of this key (`KEY.lint.json`), so that bin/ct-gen.js can
 * lint without loading the model or yargs.
 */
export function recordLintContext(context: LintContext, key = runKey(), dir = genCacheDir): void {
  // The key names the entry's file.
  if (key === undefined || !KEY.test(key)) return;
  try {
    writeEntry(dir, `${key}.lint.json`, { format: ENTRY_FORMAT, key, context });
  } catch {
    // As for recordGeneration.
  }
}

/** The sha256 of the model file's bytes bin/ct-gen.js hashed into the key. */
export const CACHE_MODEL_ENV = 'CT_GEN_CACHE_MODEL';

/**
 * The model at `modelPath` (none: the built-in one), with the run's key when the model loaded is
 * the one the key stands for: a JSON model is read once here, and its bytes must have the digest
 * bin/ct-gen.js hashed (a file changed in between, even back to its old mtime, gives no key, so
 * nothing is recorded or looked up under it).
 */
export async function loadKeyedModel(modelPath: string | undefined): Promise<{ model: Model; key: string | undefined }> {
  const { loadModel } = await import('./model.js');
  const key = runKey();
  if (modelPath === undefined) return { model: await loadModel(), key };
  if (key === undefined || extname(resolve(modelPath)) !== '.json') return { model: await loadModel(modelPath), key: undefined };
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(modelPath));
  } catch {
    // loadModel reports it.
    return { model: await loadModel(modelPath), key: undefined };
  }
  const same = createHash('sha256').update(bytes).digest('hex') === process.env[CACHE_MODEL_ENV];
  return { model: await loadModel(modelPath, bytes.toString('utf8')), key: same ? key : undefined };
}

/** The key bin/ct-gen.js computed for this run (CT_GEN_CACHE_KEY), when it passed one. */
export function runKey(key = process.env[CACHE_KEY_ENV]): string | undefined {
  return key !== undefined && KEY.test(key) ? key : undefined;
}

/** Write `value` as the entry `name` unless it is already exactly that, then prune; whether it wrote. */
function writeEntry(dir: string, name: string, value: unknown): boolean {
  const text = `${JSON.stringify(value)}\n`;
  const file = join(dir, name);
  let stored: string | undefined;
  try {
    stored = readFileSync(file, 'utf8');
  } catch {
    // Not recorded yet.
  }
  if (stored === text) return false;
  writeWhole(file, text);
  // One entry per model JSON edit or source change adds up.
  keepNewest(dir, (entry) => /^[0-9a-f]{64}(?:\.lint)?\.json$/.test(entry), KEEP);
  return true;
}

/**
 * Remove the contents no kept entry names, once they are an hour old (a younger one may be
 * written for an entry that is not there yet). An entry whose content is gone is no answer: the
 * next run generates and stores it again.
 */
function pruneBlobs(dir: string): void {
  const named = new Set<string>();
  for (const name of readdirSync(dir).filter((n) => ENTRY.test(n))) {
    try {
      const entry = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { files?: { sha256?: unknown }[] };
      for (const f of entry.files ?? []) if (isString(f.sha256)) named.add(f.sha256);
    } catch {
      // Removed or damaged meanwhile: it names nothing.
    }
  }
  const old = Date.now() - BLOB_GRACE_MS;
  for (const name of readdirSync(join(dir, BLOBS))) {
    if (named.has(name)) continue;
    const info = statSync(join(dir, BLOBS, name), { throwIfNoEntry: false });
    if (info !== undefined && info.mtimeMs < old) rmSync(join(dir, BLOBS, name), { force: true });
  }
}
