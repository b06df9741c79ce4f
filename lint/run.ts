import { formatCleanSummary, formatResult } from './format/index.js';
import type { Format } from './format/names.js';
import { exitCodeOf, lint } from './index.js';
import type { LintCacheOptions } from './cache.js';
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
  cache?: LintCacheOptions;
}

/**
 * `ct-gen lint` once its arguments are read: the result on stdout in the format asked for (and,
 * for a clean text result, a summary on stderr), and the exit code. Throws LintInputError for a
 * PATH that does not exist, before printing anything.
 */
export function runLint({ paths, format, nimble, cwd, context, cache }: LintRun): 0 | 1 {
  const result = lint(paths, { cwd, ...context, nimble, cache });
  process.stdout.write(formatResult(result, format, cwd));
  // Text prints nothing when clean; say so on stderr, leaving stdout (and the machine formats) as they are.
  if (format === 'text' && result.findings.length === 0) process.stderr.write(formatCleanSummary(result));
  return exitCodeOf(result);
}
