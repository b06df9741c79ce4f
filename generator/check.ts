import { createTwoFilesPatch } from 'diff';
import type { Change } from './write.js';

export interface CheckReport {
  ok: boolean;
  /** Unified diffs and a summary, ready to print. */
  text: string;
}

const colors = { red: '\x1b[31m', green: '\x1b[32m', cyan: '\x1b[36m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** Turn a plan into check's verdict: every stale, missing or differing file with its diff. */
export function checkReport(changes: Change[], options: { color: boolean }): CheckReport {
  const parts: string[] = [];
  let problems = 0;
  for (const change of changes) {
    switch (change.kind) {
      case 'unchanged':
        continue;
      case 'create':
        parts.push(diff(change.path, '', change.file.content, 'missing', options.color));
        break;
      case 'update':
      case 'edited':
        parts.push(diff(change.path, change.old, change.file.content, change.kind === 'edited' ? 'differs (edited by hand)' : 'differs', options.color));
        break;
      case 'mode':
        parts.push(`${change.path}: mode is ${octal(change.oldMode)}; the model wants it ${(change.file.mode ?? 0o644) & 0o111 ? '' : 'not '}executable\n`);
        break;
      case 'delete':
      case 'stale-edited':
        parts.push(diff(change.path, change.old, '', 'stale (no longer generated)', options.color));
        break;
    }
    problems += 1;
  }
  const summary = problems === 0 ? 'ct-gen check: up to date\n' : `ct-gen check: ${problems} file(s) out of date; run \`npx ct-gen generate\`\n`;
  return { ok: problems === 0, text: parts.join('') + summary };
}

function diff(path: string, before: string, after: string, what: string, color: boolean): string {
  const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });
  const body = patch.split('\n').slice(1).join('\n');
  const title = `${path}: ${what}\n`;
  if (!color) return title + body;
  const painted = body
    .split('\n')
    .map((line) => (line.startsWith('+++') || line.startsWith('---') ? colors.bold + line + colors.reset : line.startsWith('+') ? colors.green + line + colors.reset : line.startsWith('-') ? colors.red + line + colors.reset : line.startsWith('@@') ? colors.cyan + line + colors.reset : line))
    .join('\n');
  return colors.bold + title + colors.reset + painted;
}

const octal = (mode: number) => `0${mode.toString(8)}`;
