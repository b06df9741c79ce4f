import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keepNewest, writeWhole } from '../generator/cache-files.js';
import type { FileFinding } from './scan-file.js';
import type { SkippedFile } from './types.js';

/**
 * What linting one file gave: nothing to report (`none`: not a candidate after all, or gone),
 * scanned with these findings, skipped, or unreadable.
 */
export type FileOutcome = { none: true } | { findings: FileFinding[] } | { skipped: SkippedFile['reason'] } | { error: string };

/** One file's recorded outcome and what it was computed from. */
interface Entry {
  /** The file's signature when it was read (see `signature`). */
  sig: string;
  outcome: FileOutcome;
  /** Every other file the scan read (a sourced helper, an included Tup file), with its signature then. */
  related: Record<string, string>;
}

interface Stored {
  format: typeof FORMAT;
  /** Digest of everything but the files that decides an outcome: the lint's version and options, the roots. */
  config: string;
  entries: Record<string, Entry>;
}

export interface LintCacheOptions {
  /** The folder holding cache files, one per set of roots and options; created when missing. */
  dir: string;
  /** The version of the lint code: a cache written by other code is never read. */
  version: string;
  /** The clock the run's start is taken from, in ms since the epoch (see RACY_MS). Default: `Date.now`. */
  now?: () => number;
}

const FORMAT = 1;
/** Cache files kept in `dir`; older ones are removed when a run writes its own. */
const KEEP = 32;
/**
 * A file changed this recently (by its modification or change time, against the start of the
 * run) may change again after it is read without its signature changing, when the change falls
 * in the same timestamp tick: its outcome is used by this run but not recorded. Two seconds is
 * the coarsest tick in use (FAT); the file system's clock is taken to agree with the machine's.
 */
const RACY_MS = 2000;

/** A finding as the scan gives it: its place, rule, severity, message and command, each of its type. */
function isFinding(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  const texts = ['rule', 'severity', 'message', 'command'].every((k) => typeof f[k] === 'string');
  const optional = ['class', 'target', 'fix', 'suppress'].every((k) => f[k] === undefined || typeof f[k] === 'string');
  return Number.isInteger(f.line) && Number.isInteger(f.column) && texts && optional;
}

/** An entry as `record` writes it (a cache file edited or damaged by hand may hold anything). */
function isEntry(entry: unknown): entry is Entry {
  if (typeof entry !== 'object' || entry === null) return false;
  const { sig, outcome, related } = entry as Partial<Entry>;
  if (typeof sig !== 'string' || typeof related !== 'object' || related === null || Object.values(related).some((v) => typeof v !== 'string')) return false;
  if (typeof outcome !== 'object' || outcome === null) return false;
  if ('findings' in outcome) return Array.isArray(outcome.findings) && outcome.findings.every(isFinding);
  if ('skipped' in outcome) return outcome.skipped === 'binary' || outcome.skipped === 'too-large' || outcome.skipped === 'symlink';
  if ('error' in outcome) return typeof outcome.error === 'string';
  return 'none' in outcome && outcome.none === true;
}

/** A file's signature (see `signature`), and when it last changed; `Infinity` for one never to record. */
export interface Signature {
  sig: string;
  changedMs: number;
}

/**
 * A file's signature as `lstat` gives it without reading it: device, inode, type and mode, size,
 * and modification and change times. Writing a file changes its change time, which no tool can
 * set back, so content edited in place, even to the same size and modification time, is a new
 * signature. `absent` when nothing is there. When `lstat` fails otherwise (a folder on the path
 * replaced by a file, a loop of links, no permission), a signature no entry has, never recorded.
 */
export function signature(path: string | Buffer): Signature {
  let info;
  try {
    info = lstatSync(path, { throwIfNoEntry: false });
  } catch (error) {
    return { sig: `error:${(error as NodeJS.ErrnoException).code ?? 'unknown'}`, changedMs: Infinity };
  }
  if (!info) return { sig: 'absent', changedMs: 0 };
  return { sig: `${info.dev}:${info.ino}:${info.mode}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`, changedMs: Math.max(info.mtimeMs, info.ctimeMs) };
}

/**
 * The outcomes of an earlier run with the same code, options and roots, for files whose
 * signature and whose related files' signatures are still the same; and the outcomes of this
 * run, written when it ends. A cache that cannot be read is empty, and one that cannot be
 * written is not written: the lint's result is the same either way.
 */
export class LintCache {
  private readonly file: string;
  private readonly config: string;
  private readonly previous: Record<string, Entry>;
  private readonly next: Record<string, Entry> = {};
  private readonly started: number;
  private changed = false;

  constructor(
    private readonly options: LintCacheOptions,
    config: unknown,
  ) {
    this.started = (options.now ?? Date.now)();
    this.config = createHash('sha256').update(JSON.stringify({ format: FORMAT, version: options.version, config })).digest('hex');
    this.file = join(options.dir, `${this.config.slice(0, 40)}.json`);
    this.previous = this.load();
  }

  /** The recorded outcome for `key`, when the file (at `absolute`) and every file its scan read are as they were. */
  lookup(key: string, absolute: string | Buffer, relatedPath: (path: string) => string): FileOutcome | undefined {
    const entry = Object.hasOwn(this.previous, key) ? this.previous[key] : undefined;
    if (!isEntry(entry)) return undefined;
    if (signature(absolute).sig !== entry.sig) return undefined;
    for (const [path, sig] of Object.entries(entry.related)) if (signature(relatedPath(path)).sig !== sig) return undefined;
    this.next[key] = entry;
    return entry.outcome;
  }

  /**
   * Record an outcome computed now. `before` is the file's signature taken before it was read
   * (a change while it was read then shows as a different signature next time); `related` the
   * signatures of the files the scan read, taken as it read them. Nothing is recorded for a file
   * that could not be read, or when it or a related file changed too recently (RACY_MS) or could
   * not be signed or read (`changedMs` Infinity).
   */
  record(key: string, before: Signature, outcome: FileOutcome, related: ReadonlyMap<string, Signature>): void {
    const racy = (s: Signature) => s.changedMs >= this.started - RACY_MS;
    this.changed = true;
    // An error reading the file (no permission, too many open files, an I/O error) may be another's or gone next time.
    if ('error' in outcome || racy(before) || [...related.values()].some(racy)) return;
    this.next[key] = { sig: before.sig, outcome, related: Object.fromEntries([...related].map(([path, s]) => [path, s.sig])) };
  }

  /** Write this run's outcomes when they differ from what was read, then keep the `KEEP` newest cache files. */
  save(): void {
    if (!this.changed && Object.keys(this.next).length === Object.keys(this.previous).length) return;
    try {
      const stored: Stored = { format: FORMAT, config: this.config, entries: this.next };
      writeWhole(this.file, JSON.stringify(stored));
      keepNewest(this.options.dir, (name) => name.endsWith('.json'), KEEP);
    } catch {
      // A cache is an optimisation: a read-only or full disk leaves the lint's result as it is.
    }
  }

  private load(): Record<string, Entry> {
    try {
      const stored = JSON.parse(readFileSync(this.file, 'utf8')) as Stored;
      if (stored?.format === FORMAT && stored.config === this.config && stored.entries && typeof stored.entries === 'object') return stored.entries;
    } catch {
      // Missing, truncated or written by something else: an empty cache.
    }
    return {};
  }
}
