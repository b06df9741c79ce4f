import { join } from 'node:path';
import { packageRoot } from '../generator/paths.js';
import { formatCleanSummary, formatResult } from './format/index.js';
import type { Format } from './format/names.js';
import { exitCodeOf, lint } from './index.js';
import type { LintOptions } from './types.js';

/**
 * What lint takes from the model: the allowlist, the driver's path, the targets and profiles
 * compiles are classified by, and the severities. Plain data, so that it can be recorded once per
 * model (see generator/gen-cache.ts) and a later run lints without loading the model.
 */
export type LintContext = Required<Pick<LintOptions, 'allow' | 'driver' | 'targets' | 'profiles' | 'severities'>>;

export interface LintRun {
  paths: readonly string[];
  format: Format;
  nimble: boolean;
  cwd: string;
  context: LintContext;
  /**
   * The key bin/ct-gen.js computed for this run (it covers the lint code and the model): each
   * file's outcome is kept under `dist/.lint-cache/` for it. None: every file is read.
   */
  cacheKey?: string;
}

/** Where lint keeps each file's outcome between runs (lint/cache.ts), one file per user, roots, options and key. */
export const lintCacheDir = join(packageRoot, 'dist', '.lint-cache');

/**
 * `ct-gen lint` once its arguments are read: the result on stdout in the format asked for (and,
 * for a clean text result, a summary on stderr), and the exit code. Throws LintInputError for a
 * PATH that does not exist, before printing anything.
 */
export function runLint({ paths, format, nimble, cwd, context, cacheKey }: LintRun): 0 | 1 {
  const result = lint(paths, { cwd, ...context, nimble, cache: cacheKey === undefined ? undefined : { dir: lintCacheDir, version: cacheKey } });
  process.stdout.write(formatResult(result, format, cwd));
  // Text prints nothing when clean; say so on stderr, leaving stdout (and the machine formats) as they are.
  if (format === 'text' && result.findings.length === 0) process.stderr.write(formatCleanSummary(result));
  return exitCodeOf(result);
}
