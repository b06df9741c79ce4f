import type { LintResult } from '../types.js';

/** `file:line:col rule [class] message`, the command, fix and suppression indented below it, then a count. Nothing when clean (see formatCleanSummary). */
export function formatText(result: LintResult): string {
  if (result.findings.length === 0) return '';
  const lines = result.findings.flatMap((f) => {
    const kind = f.class === undefined ? '' : `[${f.class}] `;
    const head = `${f.file}:${f.line}:${f.column} ${f.rule} ${kind}${f.severity === 'error' ? '' : `${f.severity}: `}${f.message}`;
    return [head, ...(f.command ? [`    ${f.command}`] : []), ...(f.fix ? [`    fix: ${f.fix}`] : []), ...(f.suppress ? [`    suppress: ${f.suppress}`] : [])];
  });
  const count = (severity: string) => result.findings.filter((f) => f.severity === severity).length;
  lines.push('', `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('note'), 'note')}`);
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
