import { existsSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, resolve } from 'node:path';
import { allowPolicy } from './allow.js';
import { type FileOutcome, LintCache, type Signature, signature } from './cache.js';
import { errorCode, type Listing, listFiles, type ReadOutcome, readCandidate, readHead, toPosix } from './files.js';
import { type FileKind, HEAD_GATES, kindByName, kindByShebang } from './file-kinds.js';
import { RULES } from './rules.js';
import { type FileFinding, type FileScanOptions, incompleteFinding, messageOf, scanFile } from './scan-file.js';
import { type Finding, LintInputError, type LintOptions, type LintResult } from './types.js';

export { RULES, RULE_IDS, type RuleId, SUPPRESSION_SYNTAX } from './rules.js';
export * from './types.js';

const DEFAULT_MAX_BYTES = 1024 * 1024;
/** A file that mentions neither nim nor a suppression cannot yield a finding (Tup files aside: their variables come from elsewhere). */
const NEEDLE = /nim|ct-gen-lint:/i;

interface Root {
  /** Real absolute directory that allowlist globs and the driver path are relative to. */
  dir: string;
  /** The one file to scan, when the PATH named a file. */
  file?: string;
}

/**
 * Lint PATHs (directories or files) for nim invocations outside the build driver.
 * Throws LintInputError for a PATH that does not exist.
 */
export function lint(paths: readonly string[], options: LintOptions = {}): LintResult {
  const cwd = realpathSync(resolve(options.cwd ?? process.cwd()));
  const roots = (paths.length > 0 ? paths : ['.']).map((p) => rootOf(p, cwd));
  const base = roots.length === 1 ? roots[0]!.dir : cwd;
  const allowed = allowPolicy(options.allow ?? [], options.driver);
  const result: LintResult = { base, findings: [], scanned: 0, skipped: [] };
  const cache = options.cache && !options.openFile ? new LintCache(options.cache, cacheConfig(roots, options)) : undefined;
  for (const root of roots) {
    const display = (path: string) => toPosix(relative(base, join(root.dir, path))) || '.';
    const listing: Listing = root.file ? { files: [{ path: root.file }], unreadable: [] } : listFiles(root.dir);
    for (const { path, error } of listing.unreadable) result.findings.push(unreadable(display(path), error));
    const related = relatedReader(root.dir);
    for (const { path, bytes } of listing.files) {
      const named = kindByName(path);
      if (!named) continue;
      const allowance = allowed(path);
      if (allowance?.whole) continue;
      const absolute = bytes ? Buffer.concat([Buffer.from(`${root.dir}/`), bytes]) : join(root.dir, path);
      const key = `${root.dir}\0${path}`;
      let outcome = cache?.lookup(key, absolute, (p) => join(root.dir, p));
      if (!outcome) {
        const before = cache ? signature(absolute) : undefined;
        related.reads.clear();
        outcome = lintFile(path, absolute, named, { nimble: options.nimble ?? false, read: related.read, allowsModule: allowance?.allows, targets: options.targets, profiles: options.profiles, severities: options.severities }, options);
        if (cache && before) cache.record(key, before, outcome, related.reads);
      }
      if ('skipped' in outcome) result.skipped.push({ file: display(path), reason: outcome.skipped });
      else if ('error' in outcome) result.findings.push(unreadable(display(path), outcome.error));
      else if ('findings' in outcome) {
        result.scanned++;
        for (const f of outcome.findings) result.findings.push({ file: display(path), ...f });
      }
    }
  }
  cache?.save();
  result.findings.sort(byPosition);
  return result;
}

/** What linting one listed file gives (see FileOutcome). */
function lintFile(path: string, absolute: string | Buffer, named: FileKind | 'script', scan: FileScanOptions, options: LintOptions): FileOutcome {
  let outcome: ReadOutcome;
  try {
    outcome = readScanned(absolute, path, named, options);
  } catch (error) {
    outcome = { error: errorCode(error) };
  }
  if (!outcome) return { none: true };
  if (!('text' in outcome)) return outcome;
  const kind = named === 'script' ? kindByShebang(outcome.text) : named;
  if (!kind) return { none: true };
  if (kind !== 'tup' && !NEEDLE.test(outcome.text)) return { findings: [] };
  return { findings: scanOrReport(path, outcome.text, kind, scan) };
}

/** Everything besides the files themselves that decides a file's outcome: the roots and the options. */
function cacheConfig(roots: readonly Root[], options: LintOptions): unknown {
  const { allow, driver, targets, profiles, severities, nimble, maxFileBytes } = options;
  // Who reads: what a file gives depends on whether this user may read it and the files it reads.
  const reader = { uid: process.getuid?.() ?? null, groups: process.getgroups?.() ?? null };
  return { reader, roots: roots.map((r) => [r.dir, r.file ?? null]), allow, driver, targets, profiles, severities, nimble: nimble ?? false, maxFileBytes: maxFileBytes ?? DEFAULT_MAX_BYTES };
}

/**
 * A file's text for the scan. A kind with a head gate (`.nim`) is read past its head only when
 * the head may hold a finding; otherwise undefined, as for a file that is no candidate.
 */
function readScanned(absolute: string | Buffer, path: string, named: FileKind | 'script', options: LintOptions): ReadOutcome {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_BYTES;
  const gate = named === 'script' ? undefined : HEAD_GATES[named];
  if (gate && !gate.always(path)) {
    const head = readHead(absolute, gate.bytes, options.openFile);
    if (!head || !('text' in head)) return head;
    if (!gate.wanted(head.text)) return undefined;
    if (head.whole) return head.size > maxBytes ? { skipped: 'too-large' } : { text: head.text };
  }
  return readCandidate(absolute, maxBytes, options.openFile);
}

/** Lint one file's text as if it stood at `path` (root-relative); for tests and editors. */
export function lintText(path: string, text: string, options: Pick<LintOptions, 'nimble' | 'targets' | 'profiles' | 'severities'> & { kind?: FileKind; related?: Record<string, string> } = {}): Finding[] {
  const named = options.kind ?? kindByName(path);
  const kind = named === 'script' ? kindByShebang(text) : named;
  if (!kind) return [];
  const findings = scanOrReport(path, text, kind, { nimble: options.nimble ?? false, read: (p) => options.related?.[p], targets: options.targets, profiles: options.profiles, severities: options.severities });
  return findings.map((f): Finding => ({ file: path, ...f })).sort(byPosition);
}

/**
 * One file's findings. Whatever goes wrong in it (a limit the extractors and the scan do not
 * catch themselves, a parser's bug) is a `lint-incomplete` finding of that file, never the end
 * of the lint.
 */
function scanOrReport(path: string, text: string, kind: FileKind, options: FileScanOptions): FileFinding[] {
  try {
    return scanFile(path, text, kind, options);
  } catch (error) {
    return [incompleteFinding({ line: 1, column: 1 }, `scanning stopped: ${messageOf(error)}`)];
  }
}

/** Exit status of a lint: 1 when any finding is an error, else 0. */
export function exitCodeOf(result: LintResult): 0 | 1 {
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

function rootOf(path: string, cwd: string): Root {
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  if (!existsSync(absolute)) {
    // A symbolic link is there even when what it leads to is not.
    let link: string | undefined;
    try {
      link = readlinkSync(absolute);
    } catch {
      throw new LintInputError(`PATH '${path}' does not exist`);
    }
    let loop = false;
    try {
      statSync(absolute);
    } catch (error) {
      loop = (error as NodeJS.ErrnoException).code === 'ELOOP';
    }
    // `link` may itself be a link that leads nowhere: it is named, not said to be missing.
    throw new LintInputError(`PATH '${path}' is a symbolic link ${loop ? 'in a loop' : `that leads to nothing (it points to '${link}')`}`);
  }
  let real: string;
  let isDirectory: boolean;
  try {
    real = realpathSync(absolute);
    isDirectory = statSync(real).isDirectory();
  } catch (error) {
    throw new LintInputError(`PATH '${path}' cannot be read (${errorCode(error)})`);
  }
  if (isDirectory) return { dir: real };
  // A file named alone is placed relative to the working directory, so allowlist globs written for the repository apply.
  const dir = real.startsWith(`${cwd}/`) ? cwd : dirname(real);
  return { dir, file: toPosix(relative(dir, real)) };
}

/**
 * Reads other files under a root for the extractors (Tuprules.tup, a sourced helper), never
 * through a link out of it; `reads` collects the files read since it was last cleared, with
 * their signatures (see LintCache), each taken before the file's first read.
 */
function relatedReader(root: string): { read: (path: string) => string | undefined; reads: Map<string, Signature> } {
  const texts = new Map<string, { text: string | undefined; sig: Signature }>();
  const reads = new Map<string, Signature>();
  const read = (path: string) => {
    const clean = posix.normalize(path);
    if (clean === '..' || clean.startsWith('../') || posix.isAbsolute(clean)) return undefined;
    let known = texts.get(clean);
    if (!known) {
      const absolute = join(root, clean);
      const sig = signature(absolute);
      const outcome = readCandidate(absolute, DEFAULT_MAX_BYTES);
      // A file that could not be read (no permission, an I/O error) leaves the outcome unrecorded.
      known = { text: outcome && 'text' in outcome ? outcome.text : undefined, sig: outcome && 'error' in outcome ? { ...sig, changedMs: Infinity } : sig };
      texts.set(clean, known);
    }
    reads.set(clean, known.sig);
    return known.text;
  };
  return { read, reads };
}

function unreadable(file: string, error: string): Finding {
  return { file, line: 1, column: 1, rule: 'unreadable-file', severity: RULES['unreadable-file'].severity, message: `cannot read this file (${error}), so it was not checked`, command: '' };
}

function byPosition(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
