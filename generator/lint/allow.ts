import type { LintAllow } from '../../model/schema/lint.js';
import { DRIVER_PATH } from '../driver-paths.js';
import { globToRegExp } from './glob.js';

export { DRIVER_PATH };

/**
 * Whether a root-relative path may run nim: the generated driver, or a file the model's
 * allowlist names. Allowed files are not read at all.
 */
export function allowPolicy(allow: readonly LintAllow[]): (path: string) => boolean {
  const patterns = allow.map((entry) => globToRegExp(entry.glob));
  return (path) => path === DRIVER_PATH || patterns.some((p) => p.test(path));
}
