import type { LintResult } from '../types.js';

/** `{"findings":[{file, line, column, rule, severity, message, command}]}`, files relative to the scanned root. */
export function formatJson(result: LintResult): string {
  const findings = result.findings.map(({ file, line, column, rule, severity, message, command }) => ({ file, line, column, rule, severity, message, command }));
  return `${JSON.stringify({ findings }, null, 2)}\n`;
}
