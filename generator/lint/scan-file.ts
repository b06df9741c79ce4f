import { Bindings, compilingCommand, mainModule, type Tool, toolOf } from './classify.js';
import { unwrap } from './commands.js';
import type { ExtractContext } from './extract/extraction.js';
import { EXTRACTORS, type FileKind } from './file-kinds.js';
import { RULES, type RuleId } from './rules.js';
import { type ShellCommand, splitCommands, type Word } from './shell-words.js';
import { joinLines, type Snippet, SnippetBuilder, SourceText } from './source.js';
import { readSuppressions } from './suppressions.js';
import type { Finding } from './types.js';

export type FileFinding = Omit<Finding, 'file'>;

export interface FileScanOptions {
  /** Report nimble invocations too. */
  nimble: boolean;
  read: ExtractContext['read'];
  /** Whether the allowlist allows a compile of this main module here (`sources`). Default: none is. */
  allowsModule?: (module: string | undefined) => boolean;
}

/** Nested shells (`bash -c "$(…)"`) are followed this deep. */
const MAX_NESTING = 6;
const DECLARATIONS = new Set(['export', 'local', 'readonly', 'declare', 'typeset']);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

interface Run {
  snippet: Snippet;
  command: ShellCommand;
  first: Word;
  head: Word;
  args: Word[];
}

/** Every finding in one file's text; `path` is root-relative and decides how the text is read. */
export function scanFile(path: string, text: string, kind: FileKind, options: FileScanOptions): FileFinding[] {
  const source = new SourceText(text);
  const extraction = EXTRACTORS[kind](source, { path, read: options.read });
  const bindings = new Bindings(extraction.bindings);
  const runs: Run[] = [];
  for (const snippet of extraction.snippets) collectRuns(snippet, 0, snippet.text.length, 0, runs, bindings);

  const suppressions = readSuppressions(source, extraction.commentLines, extraction.reach);
  const findings = new Map<string, FileFinding>();
  for (const run of runs) {
    const tool = toolOf(run.head.value, bindings);
    if (!tool || (tool === 'nimble' && !options.nimble)) continue;
    const toolCommand = compilingCommand(tool, run.args);
    if (toolCommand === undefined) continue;
    const rule: RuleId = tool === 'nimble' ? 'nimble-invocation' : kind === 'tup' ? 'tup-nim-outside-driver' : 'nim-invocation';
    const start = run.snippet.origin(run.first.start);
    const { line, column } = source.position(start);
    if (suppressions.covers(line, rule) || options.allowsModule?.(mainModule(run.args))) continue;
    // The head as written: `$(NIM_DEBUG)` for an expanded Tup variable, but the word itself when it maps to a whole instruction (exec form).
    const span = text.slice(run.snippet.origin(run.head.start), run.snippet.originEnd(run.head.end - 1));
    const headText = /\s/.test(span.trim()) ? run.head.raw : span;
    findings.set(`${line}:${column}:${rule}`, {
      line,
      column,
      rule,
      severity: kind === 'markdown' ? 'warning' : RULES[rule].severity,
      message: message(rule, kind, tool, toolCommand, headText === tool ? '' : ` (via ${headText})`),
      command: joinLines(text.slice(start, run.snippet.originEnd(run.command.end - 1))),
    });
  }
  for (const p of suppressions.problems) {
    findings.set(`${p.line}:${p.column}:bad-suppression`, { line: p.line, column: p.column, rule: 'bad-suppression', severity: 'error', message: p.message, command: p.text });
  }
  return [...findings.values()];
}

function message(rule: RuleId, kind: FileKind, tool: Tool, toolCommand: string, via: string): string {
  const call = `${tool} ${toolCommand}${via}`;
  if (kind === 'markdown') return `documentation shows ${call} run outside the build driver; show tools/build/build_codetracer.sh instead`;
  if (rule === 'tup-nim-outside-driver') return `Tup command runs ${call} directly; compile through the driver macro`;
  return `${call} runs outside the build driver; call tools/build/build_codetracer.sh instead`;
}

/** Split `[from, to)` of a snippet into commands, following substitutions and nested shells, noting assignments. */
function collectRuns(snippet: Snippet, from: number, to: number, depth: number, runs: Run[], bindings: Bindings): void {
  for (const command of splitCommands(snippet.text, from, to)) {
    noteAssignments(command.words, bindings);
    const unwrapped = unwrap(command.words);
    if (unwrapped.kind === 'run') runs.push({ snippet, command, first: unwrapped.first, head: unwrapped.head, args: unwrapped.args });
    if (depth >= MAX_NESTING) continue;
    for (const sub of command.substitutions) collectRuns(snippet, sub.start, sub.end, depth + 1, runs, bindings);
    if (unwrapped.kind === 'stdin-script') for (const doc of command.heredocs) collectRuns(snippet, doc.start, doc.end, depth + 1, runs, bindings);
    if (unwrapped.kind === 'script') {
      const inner = wordSnippet(snippet, unwrapped.word);
      collectRuns(inner, 0, inner.text.length, depth + 1, runs, bindings);
    }
  }
}

/**
 * A word's shell text as a snippet. A plainly quoted word maps character by character;
 * one with escapes maps as a whole to where it is written.
 */
function wordSnippet(snippet: Snippet, word: Word): Snippet {
  const quote = word.raw[0];
  const inner = word.raw.slice(1, -1);
  const plain = (quote === "'" && !inner.includes("'")) || (quote === '"' && !/["\\]/.test(inner));
  if (plain && word.raw.length >= 2 && word.raw.endsWith(quote!)) return new SnippetBuilder().copy(snippet, word.start + 1, word.end - 1).build();
  return new SnippetBuilder().replaced(word.value, snippet.origin(word.start), snippet.originEnd(word.end - 1)).build();
}

/** `NAME=value` commands and declarations bind NAME for the whole file: the scan does not track control flow. */
function noteAssignments(words: readonly Word[], bindings: Bindings): void {
  let i = 0;
  if (DECLARATIONS.has(words[0]?.raw ?? '')) {
    i = 1;
    while (words[i]?.value.startsWith('-')) i++;
  }
  const rest = words.slice(i);
  if (rest.length === 0 || (i === 0 && !rest.every((w) => ASSIGNMENT.test(w.raw)))) return;
  for (const word of rest) {
    const m = ASSIGNMENT.exec(word.value);
    if (m) bindings.add(m[1]!, m[2]!);
  }
}
