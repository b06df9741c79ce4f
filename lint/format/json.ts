import type { LintResult } from '../types.js';

/**
 * `{"findings":[{file, line, column, rule, severity, message, command, class?, target?, fix?, suppress?}]}`,
 * files relative to the scanned root; the last four on nim and nimble findings.
 */
export function formatJson(result: LintResult): string {
  const findings = result.findings.map(({ file, line, column, rule, severity, message, command, class: kind, target, fix, suppress }) => ({
    file, line, column, rule, severity, message, command,
    ...(kind === undefined ? {} : { class: kind }),
    ...(target === undefined ? {} : { target }),
    ...(fix === undefined ? {} : { fix }),
    ...(suppress === undefined ? {} : { suppress }),
  }));
  return `${JSON.stringify({ findings }, null, 2)}\n`;
}
