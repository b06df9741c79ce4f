import type { LintAllow } from '../../model/schema/lint.js';
import { globToRegExp } from './glob.js';

/**
 * The generated driver, relative to the scanned root. Equal to the driver emitter's
 * DRIVER_PATH (a test holds them together); importing that module would load the template
 * engine into every lint run.
 */
export const DRIVER_PATH = 'tools/build/build_codetracer.sh';

/**
 * Whether a root-relative path may run nim: the generated driver, or a file the model's
 * allowlist names. Allowed files are not read at all.
 */
export function allowPolicy(allow: readonly LintAllow[]): (path: string) => boolean {
  const patterns = allow.map((entry) => globToRegExp(entry.glob));
  return (path) => path === DRIVER_PATH || patterns.some((p) => p.test(path));
}
