import type { LintAllow } from '../model/schema/lint.js';
import { globToRegExp } from './glob.js';

/** How far the allowlist lets one file run nim. */
export type Allowance =
  /** Every invocation: the generated driver, or a file an entry without `sources` names. The file is not read. */
  | { whole: true }
  /** Only compiles of these main modules (entries with `sources`); `allows(undefined)` is false. */
  | { whole: false; allows(module: string | undefined): boolean };

/**
 * What the model's allowlist allows a root-relative path: everything (the driver, or an
 * entry without `sources`), the compiles of some main modules, or nothing (undefined).
 */
export function allowPolicy(allow: readonly LintAllow[], driver?: string): (path: string) => Allowance | undefined {
  const entries = allow.map((entry) => ({ file: globToRegExp(entry.glob), sources: entry.sources?.map(globToRegExp) }));
  return (path) => {
    if (path === driver) return { whole: true };
    const matching = entries.filter((e) => e.file.test(path));
    if (matching.length === 0) return undefined;
    if (matching.some((e) => !e.sources)) return { whole: true };
    const sources = matching.flatMap((e) => e.sources ?? []);
    return { whole: false, allows: (module) => module !== undefined && sources.some((s) => s.test(module)) };
  };
}
