import type { LintAllow } from '../../model/schema/lint.js';
import type { RuleId } from './rules.js';

export type Severity = 'error' | 'warning';

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
  /** Report nimble invocations too (`nimble-invocation`). Default: false. */
  nimble?: boolean;
  /** Files larger than this are skipped. Default: 1 MiB. */
  maxFileBytes?: number;
  /**
   * Opens a file to scan, as `fs.openSync(absolutePath, flags)`; replaceable so tests can deny
   * access (EACCES) even when they run as root, where permissions deny nothing. Default: `fs.openSync`.
   */
  openFile?: (absolutePath: string, flags: number) => number;
}

/** A PATH that does not exist or cannot be listed: a usage error (exit 2), not a finding. */
export class LintInputError extends Error {}
