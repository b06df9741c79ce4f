import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LintContext } from '../lint/run.js';
import type { Model } from '../model/schema/index.js';
import { keepNewest, writeWhole } from './cache-files.js';
import { checkoutInputs } from './checkout.js';
import { JOURNAL_PATH, LOCK_PATH, MANIFEST_PATH } from './manifest.js';
import { defaultDest, packageRoot } from './paths.js';
import type { GeneratedFile } from './types.js';

/**
 * The generation cache: what `check` and `generate` generate for one key, so that
 * `bin/ct-gen.js` can answer "up to date" without loading dist/ when DEST already holds exactly
 * that (ARCHITECTURE.md, "Start-up").
 *
 * The key is computed by bin/ct-gen.js (everything the generated files depend on: the sources it
 * compiles, every other file under model/, generator/ and lint/ — templates, baseline.json —,
 * package.json, the runtime dependencies, Node's version, and a `--model` JSON file's content)
 * and handed to the command in CT_GEN_CACHE_KEY; bin sets it only for a command line its fast
 * path reads exactly. The entry holds what a run with that key generates, and what the fast path
 * needs to decide, as planChanges would, that DEST is up to date: the generated files (path,
 * sha256, executable bit), the manifest's text, the destination's bookkeeping paths, the default
 * destination, and the checkout inputs the model names (a DEST holding a target's source must
 * hold them all).
 */

export const CACHE_KEY_ENV = 'CT_GEN_CACHE_KEY';
/** The entry layout bin/ct-gen.js reads; an entry of another format is not used. */
export const ENTRY_FORMAT = 1;
export const genCacheDir = join(packageRoot, 'dist', '.gen-cache');
/** Entries kept: a run that writes one removes the oldest beyond this. */
const KEEP = 64;

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
  files: { path: string; sha256: string; executable: boolean }[];
  /** When DEST holds one of `sources` it is a checkout, and every path of `inputs` must be a file there. */
  checkout: { sources: string[]; inputs: string[] };
}

const KEY = /^[0-9a-f]{64}$/;

/** The entry for `files`, generated from `model`; undefined when the fast path could not compare them exactly. */
export function cacheEntry(key: string, model: Model, files: readonly GeneratedFile[]): GenCacheEntry | undefined {
  const manifest = files.find((f) => f.path === MANIFEST_PATH);
  if (manifest === undefined) return undefined;
  // planChanges compares text read as UTF-8, the fast path bytes: the same only for text that survives the round trip.
  if (!files.every((f) => Buffer.from(f.content, 'utf8').toString('utf8') === f.content)) return undefined;
  const inputs = checkoutInputs(model);
  return {
    format: ENTRY_FORMAT,
    key,
    defaultDest,
    manifestPath: MANIFEST_PATH,
    journalPath: JOURNAL_PATH,
    lockPath: LOCK_PATH,
    manifest: manifest.content,
    files: files.map((f) => ({ path: f.path, sha256: createHash('sha256').update(f.content, 'utf8').digest('hex'), executable: ((f.mode ?? 0o644) & 0o111) !== 0 })),
    checkout: { sources: [...new Set(model.targets.map((t) => t.source))], inputs: [...new Set(inputs.map((i) => i.path))] },
  };
}

/**
 * Record what this run generated under the key bin/ct-gen.js passed (none: nothing recorded).
 * Written whole, then renamed; a cache that cannot be written is no error.
 */
export function recordGeneration(model: Model, files: readonly GeneratedFile[], key = runKey(), dir = genCacheDir): void {
  // The key names the entry's file.
  if (key === undefined || !KEY.test(key)) return;
  try {
    const entry = cacheEntry(key, model, files);
    if (entry !== undefined) writeEntry(dir, `${key}.json`, entry);
  } catch {
    // A read-only package: the next run takes the full path again.
  }
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

/** The key bin/ct-gen.js computed for this run (CT_GEN_CACHE_KEY), when it passed one. */
export function runKey(key = process.env[CACHE_KEY_ENV]): string | undefined {
  return key !== undefined && KEY.test(key) ? key : undefined;
}

/** Write `value` as the entry `name` unless it is already exactly that, then prune. */
function writeEntry(dir: string, name: string, value: unknown): void {
  const text = `${JSON.stringify(value)}\n`;
  const file = join(dir, name);
  let stored: string | undefined;
  try {
    stored = readFileSync(file, 'utf8');
  } catch {
    // Not recorded yet.
  }
  if (stored === text) return;
  writeWhole(file, text);
  // One entry per model JSON edit or source change adds up.
  keepNewest(dir, (entry) => /^[0-9a-f]{64}(?:\.lint)?\.json$/.test(entry), KEEP);
}
