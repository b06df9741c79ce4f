import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, resolve } from 'node:path';
import { allowPolicy } from './allow.js';
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
  for (const root of roots) {
    const display = (path: string) => toPosix(relative(base, join(root.dir, path))) || '.';
    const listing: Listing = root.file ? { files: [{ path: root.file }], unreadable: [] } : listFiles(root.dir);
    for (const { path, error } of listing.unreadable) result.findings.push(unreadable(display(path), error));
    const read = relatedReader(root.dir);
    for (const { path, bytes } of listing.files) {
      const named = kindByName(path);
      const allowance = allowed(path);
      if (!named || allowance?.whole) continue;
      const absolute = bytes ? Buffer.concat([Buffer.from(`${root.dir}/`), bytes]) : join(root.dir, path);
      let outcome: ReadOutcome;
      try {
        outcome = readScanned(absolute, path, named, options);
      } catch (error) {
        outcome = { error: errorCode(error) };
      }
      if (!outcome) continue;
      if ('skipped' in outcome) result.skipped.push({ file: display(path), reason: outcome.skipped });
      else if ('error' in outcome) result.findings.push(unreadable(display(path), outcome.error));
      else {
        const kind = named === 'script' ? kindByShebang(outcome.text) : named;
        if (!kind) continue;
        result.scanned++;
        if (kind !== 'tup' && !NEEDLE.test(outcome.text)) continue;
        const scan = { nimble: options.nimble ?? false, read, allowsModule: allowance?.allows, targets: options.targets, profiles: options.profiles, severities: options.severities };
        for (const f of scanOrReport(path, outcome.text, kind, scan)) result.findings.push({ file: display(path), ...f });
      }
    }
  }
  result.findings.sort(byPosition);
  return result;
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
  if (!existsSync(absolute)) throw new LintInputError(`PATH '${path}' does not exist`);
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

/** Reads other files under a root for the extractors (Tuprules.tup), never through a link out of it. */
function relatedReader(root: string): (path: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (path) => {
    const clean = posix.normalize(path);
    if (clean.startsWith('../') || posix.isAbsolute(clean)) return undefined;
    if (!cache.has(clean)) {
      const outcome = readCandidate(join(root, clean), DEFAULT_MAX_BYTES);
      cache.set(clean, outcome && 'text' in outcome ? outcome.text : undefined);
    }
    return cache.get(clean);
  };
}

function unreadable(file: string, error: string): Finding {
  return { file, line: 1, column: 1, rule: 'unreadable-file', severity: RULES['unreadable-file'].severity, message: `cannot read this file (${error}), so it was not checked`, command: '' };
}

function byPosition(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
