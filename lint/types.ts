import type { LintAllow } from '../model/schema/lint.js';
import type { LintCacheOptions } from './cache.js';
import type { RuleId } from './rules.js';

export type Severity = 'error' | 'warning' | 'note';

/**
 * What a nim compile builds: `product`, a target of the model (by its main module); `test`, an
 * in-tree test (compiled and run, or under `tests/`, or `*_test.nim`); `external`, code outside
 * the repository or the Nim compiler itself (`koch`); `unknown`, anything else.
 */
export const FINDING_CLASSES = ['product', 'test', 'external', 'unknown'] as const;
export type FindingClass = (typeof FINDING_CLASSES)[number];

/** A build target as lint matches compiles against it. */
export interface LintTarget {
  name: string;
  /** Repository-relative main module, e.g. `src/ct/codetracer.nim`. */
  source: string;
  /** The defines its build with each profile already passes, by profile; a fix names only the others. Default: none. */
  defines?: Readonly<Record<string, readonly string[]>>;
  /** The artefact's file name (`ui.js`); a compile writing that name is this target first. Default: none. */
  output?: string;
  /** The defines of the target itself (its bundles and switches): when several targets share a main module, the compile is the one whose defines it matches best. Default: none. */
  ownDefines?: readonly string[];
}

/** One problem `ct-gen lint` reports. */
export interface Finding {
  /** POSIX path, relative to the result's `base`. */
  file: string;
  /** 1-based line where the command starts. */
  line: number;
  /** 1-based column (UTF-16 code units) where the command starts. */
  column: number;
  rule: RuleId;
  severity: Severity;
  message: string;
  /** The command as written, continuation lines joined into one. */
  command: string;
  /** What the compile builds (nim and nimble findings only). */
  class?: FindingClass;
  /** The model target whose main module it compiles (class `product`). */
  target?: string;
  /** How to fix it: the driver call that replaces it, or how to add a target or allow it. */
  fix?: string;
  /** How to suppress it in this file, with the reason to fill in, and where the syntax is documented. */
  suppress?: string;
}

/** A file the scan passed over without reading it as text. */
export interface SkippedFile {
  file: string;
  reason: 'binary' | 'too-large' | 'symlink';
}

export interface LintResult {
  /** Absolute directory every `file` is relative to: the scanned root, or the working directory for several PATHs. */
  base: string;
  findings: Finding[];
  /** Files read and scanned. */
  scanned: number;
  skipped: SkippedFile[];
}

export interface LintOptions {
  /** Where relative PATHs start and what several PATHs are reported relative to. Default: `process.cwd()`. */
  cwd?: string;
  /** The model's allowlist. Default: none beyond the driver. */
  allow?: readonly LintAllow[];
  /** The generated build driver, relative to each PATH root (the model's `layout.driver`): it runs nim by design and is not read. Default: none. */
  driver?: string;
  /** The model's targets, to classify compiles and name the driver call. Default: none (no compile is `product`). */
  targets?: readonly LintTarget[];
  /** The model's profiles in order (the first is the driver's default) with the defines only they pass: a fix names the one whose defines the compile has. Default: `debug` alone. */
  profiles?: readonly { name: string; defines: readonly string[] }[];
  /** Severity per class. Default: error for product and unknown, warning for test, note for external. */
  severities?: Readonly<Record<FindingClass, Severity>>;
  /** Report nimble invocations too (`nimble-invocation`). Default: false. */
  nimble?: boolean;
  /** Files larger than this are skipped. Default: 1 MiB. */
  maxFileBytes?: number;
  /**
   * Opens a file to scan, as `fs.openSync(absolutePath, flags)`; replaceable so tests can deny
   * access (EACCES) even when they run as root, where permissions deny nothing. The path is a
   * Buffer of its bytes for a name that is not UTF-8. Default: `fs.openSync`.
   */
  openFile?: (absolutePath: string | Buffer, flags: number) => number;
  /**
   * Keep each file's outcome between runs (see LintCache): a file is read again only when it,
   * or a file its scan read, has changed since. The result is the same with or without it.
   * Not used with `openFile`. Default: none.
   */
  cache?: LintCacheOptions;
}

/** A PATH that does not exist or cannot be listed: a usage error (exit 2), not a finding. */
export class LintInputError extends Error {}
