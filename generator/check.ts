import { createTwoFilesPatch } from 'diff';
import { optionNeeded, type Change } from './write.js';

export interface CheckReport {
  ok: boolean;
  /** Unified diffs and a summary, ready to print. */
  text: string;
}

export interface ReportOptions {
  color: boolean;
  /** The model files behind a generated path, named beside its diff; none for a stale file. */
  modelFiles: (path: string) => readonly string[];
  /** The generate command that brings DEST in line, with the flags the changes need. */
  command: (flags: { force: boolean; adopt: boolean }) => string;
}

const colors = { red: '\x1b[31m', green: '\x1b[32m', cyan: '\x1b[36m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** Turn a plan into check's verdict: every stale, missing or differing file with its diff. */
export function checkReport(changes: Change[], options: ReportOptions): CheckReport {
  // Nothing generated there yet (a new or mistyped DEST): each file's whole content as a diff
  // says nothing the file list does not.
  if (changes.length > 0 && changes.every((c) => c.kind === 'create')) {
    const titles = changes.map((c) => `${changeTitle(c, checkTitle(c), options)}\n`);
    const summary = `ct-gen check: none of the ${changes.length} file(s) the model generates is there; to generate them, run:\n${remedy(changes, options)}`;
    return { ok: false, text: titles.join('') + summary };
  }
  const parts: string[] = [];
  let problems = 0;
  for (const change of changes) {
    if (change.kind === 'unchanged') continue;
    parts.push(describeChange(change, checkTitle(change), options));
    problems += 1;
  }
  if (problems === 0) return { ok: true, text: 'ct-gen check: up to date\n' };
  const summary = `ct-gen check: ${problems} file(s) out of date; to bring them in line with the model, run:\n${remedy(changes, options)}`;
  return { ok: false, text: parts.join('') + summary };
}

function checkTitle(change: Exclude<Change, { kind: 'unchanged' }>): string {
  switch (change.kind) {
    case 'create':
      return 'missing';
    case 'update':
      return 'differs';
    case 'edited':
      return 'differs (edited by hand)';
    case 'foreign':
      return 'exists and was not written by ct-gen';
    case 'mode':
      return `mode is ${octal(change.oldMode)}; the model wants it ${(change.file.mode ?? 0o644) & 0o111 ? '' : 'not '}executable`;
    case 'delete':
    case 'stale-edited':
      return 'stale (no longer generated)';
    case 'leftover':
      return leftoverTitle(change);
  }
}

/** What a leftover is, in check's report and in generate's note that it removed it. */
export function leftoverTitle(change: Extract<Change, { kind: 'leftover' }>): string {
  const owner = change.pid === undefined ? '' : ` (process ${change.pid})`;
  switch (change.what) {
    case 'temp':
      return `leftover temp file of an interrupted ct-gen run${owner}`;
    case 'journal':
      return `journal of a ct-gen run${owner} interrupted while it moved files into place`;
    case 'lock':
      return `lock of a ct-gen run${owner} that is no longer running`;
  }
}

/**
 * One change as `path: what; generated from <model files>` and, when the content differs,
 * its unified diff from what is on disk to what the model generates.
 */
export function describeChange(change: Exclude<Change, { kind: 'unchanged' }>, what: string, options: ReportOptions): string {
  const title = changeTitle(change, what, options);
  switch (change.kind) {
    case 'mode':
    case 'leftover':
      return `${title}\n`;
    case 'create':
      return diff(change.path, '', change.file.content, title, options.color);
    case 'update':
    case 'edited':
    case 'foreign':
      return diff(change.path, change.old, change.file.content, title, options.color);
    case 'delete':
    case 'stale-edited':
      return diff(change.path, change.old, '', title, options.color);
  }
}

/** `path: what; generated from <model files>` (no model file for what is no longer generated). */
function changeTitle(change: Exclude<Change, { kind: 'unchanged' }>, what: string, options: ReportOptions): string {
  const sources = change.kind === 'delete' || change.kind === 'stale-edited' || change.kind === 'leftover' ? [] : options.modelFiles(change.path);
  return `${change.path}: ${what}${sources.length > 0 ? `; generated from ${sources.join(', ')}` : ''}`;
}

/**
 * The command that makes DEST match the model, indented on its own line so it can be pasted,
 * and what each of its flags does to files someone else wrote or edited; `contentShown`: the
 * diffs were printed before it.
 */
export function remedy(changes: readonly Change[], options: ReportOptions, contentShown = true): string {
  const count = (kind: Change['kind']) => changes.filter((c) => c.kind === kind).length;
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  const [foreign, edited, staleEdited] = [count('foreign'), count('edited'), count('stale-edited')];
  // The flags applyChanges requires for these changes, so the command it prints is one it accepts.
  const flags = { adopt: changes.some((c) => optionNeeded(c) === 'adopt'), force: changes.some((c) => optionNeeded(c) === 'force') };
  const lines = [`  ${options.command(flags)}`];
  if (foreign > 0) lines.push(`--adopt takes over ${files(foreign)} that ct-gen did not write: ${foreign === 1 ? 'it gets' : 'they get'} the generated content ${contentShown ? 'shown above' : '(ct-gen check shows it)'} and ${foreign === 1 ? 'is' : 'are'} recorded in the manifest.`);
  if (edited > 0) {
    lines.push(
      `--force overwrites ${files(edited)} edited by hand. To keep an edit instead, move it into the model file named beside the file and run the command without --force.`,
    );
  }
  const leftovers = count('leftover');
  if (leftovers > 0) lines.push(`It removes ${leftovers === 1 ? 'the leftover' : `${leftovers} leftovers`} of interrupted ct-gen runs (no flag needed).`);
  if (staleEdited > 0) lines.push(`--force stops tracking ${files(staleEdited)} the model no longer produces, edited since ct-gen wrote ${staleEdited === 1 ? 'it; it stays' : 'them; they stay'} in place (delete what is not needed).`);
  return lines.map((l) => `${l}\n`).join('');
}

function diff(path: string, before: string, after: string, title: string, color: boolean): string {
  const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });
  const body = patch.split('\n').slice(1).join('\n');
  if (!color) return `${title}\n${body}`;
  const painted = body
    .split('\n')
    .map((line) => (line.startsWith('+++') || line.startsWith('---') ? colors.bold + line + colors.reset : line.startsWith('+') ? colors.green + line + colors.reset : line.startsWith('-') ? colors.red + line + colors.reset : line.startsWith('@@') ? colors.cyan + line + colors.reset : line))
    .join('\n');
  return `${colors.bold}${title}${colors.reset}\n${painted}`;
}

const octal = (mode: number) => `0${mode.toString(8)}`;
