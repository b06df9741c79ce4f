import type { LintResult } from '../types.js';

/** `file:line:col rule message`, the command indented below it, then a count. Nothing when clean (see formatCleanSummary). */
export function formatText(result: LintResult): string {
  if (result.findings.length === 0) return '';
  const lines = result.findings.flatMap((f) => {
    const head = `${f.file}:${f.line}:${f.column} ${f.rule} ${f.severity === 'warning' ? 'warning: ' : ''}${f.message}`;
    return f.command ? [head, `    ${f.command}`] : [head];
  });
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  lines.push('', `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The line a clean text run writes to stderr, so a user sees it ran without stdout changing:
 * `ct-gen lint: no findings in 12 files (1 skipped)`.
 */
export function formatCleanSummary(result: LintResult): string {
  const skipped = result.skipped.length > 0 ? ` (${result.skipped.length} skipped)` : '';
  return `ct-gen lint: no findings in ${plural(result.scanned, 'file')}${skipped}\n`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
