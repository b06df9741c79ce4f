import { posix } from 'node:path';
import { DEFAULT_SEVERITIES as SCHEMA_DEFAULTS } from '../model/schema/lint-defaults.js';
import { definesIn, outputIn } from '../generator/parity/normalise.js';
import { Bindings, compilingCommand, mainModule, type Tool, toolOf } from './classify.js';
import { unwrap } from './commands.js';
import type { ExtractContext } from './extract/extraction.js';
import { EXTRACTORS, type FileKind } from './file-kinds.js';
import { BINDING_LOOKUPS, FUNCTION_BODY_READS, type ReportIncomplete, SHELL_NESTING } from './limits.js';
import { RULES, type RuleId } from './rules.js';
import { type ShellCommand, splitCommands, type Word } from './shell-words.js';
import { joinLines, type Snippet, SnippetBuilder, sliceSnippet, SourceText } from './source.js';
import { readSuppressions } from './suppressions.js';
import type { Finding, FindingClass, LintOptions, LintTarget, Severity } from './types.js';

export type FileFinding = Omit<Finding, 'file'>;

export interface FileScanOptions {
  /** Report nimble invocations too. */
  nimble: boolean;
  read: ExtractContext['read'];
  /** Whether the allowlist allows a compile of this main module here (`sources`). Default: none is. */
  allowsModule?: (module: string | undefined) => boolean;
  /** See LintOptions. */
  targets?: readonly LintTarget[];
  profiles?: LintOptions['profiles'];
  severities?: Readonly<Record<FindingClass, Severity>>;
}

const DECLARATIONS = new Set(['export', 'local', 'readonly', 'declare', 'typeset']);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

interface Run {
  snippet: Snippet;
  command: ShellCommand;
  first: Word;
  head: Word;
  args: Word[];
}

/** What collecting a file's runs adds to and reports. */
interface Collection {
  runs: Run[];
  bindings: Bindings;
  incomplete: ReportIncomplete;
}

/** Every finding in one file's text; `path` is root-relative and decides how the text is read. */
export function scanFile(path: string, text: string, kind: FileKind, options: FileScanOptions): FileFinding[] {
  const source = new SourceText(text);
  // One lint-incomplete finding per limit the file reaches, at the first place it does.
  const incompletes = new Map<string, FileFinding>();
  const incomplete: ReportIncomplete = (offset, what) => {
    if (!incompletes.has(what)) incompletes.set(what, incompleteFinding(source.position(offset), what));
  };
  const extraction = EXTRACTORS[kind](source, { path, read: options.read, incomplete });
  const bindings = new Bindings(extraction.bindings);
  const collection: Collection = { runs: [], bindings, incomplete };
  for (const snippet of extraction.snippets) {
    try {
      collectRuns(snippet, 0, snippet.text.length, 0, collection);
    } catch (error) {
      // A failure in one piece of shell text: the file's other pieces are still read.
      incomplete(snippet.origin(0), `scanning stopped in this part: ${messageOf(error)}`);
    }
  }
  const runs = collection.runs;
  const runners = new Set([...extraction.snippets.flatMap((snippet) => argumentRunners(snippet, incomplete)), ...sourcedRunners(path, runs, options.read)]);

  const suppressions = readSuppressions(source, extraction.commentLines, extraction.reach);
  const findings = new Map<string, FileFinding>();
  for (const found of runs) {
    const run = throughRunner(found, runners, bindings);
    const tool = toolOf(run.head.value, bindings);
    if (bindings.spent) incomplete(run.snippet.origin(run.first.start), `variable lookups exceed ${BINDING_LOOKUPS}; later commands are read without the file's variables`);
    if (!tool || (tool === 'nimble' && !options.nimble)) continue;
    const toolCommand = compilingCommand(tool, run.args);
    if (toolCommand === undefined) continue;
    const rule: RuleId = tool === 'nimble' ? 'nimble-invocation' : kind === 'tup' ? 'tup-nim-outside-driver' : 'nim-invocation';
    const start = run.snippet.origin(run.first.start);
    const { line, column } = source.position(start);
    const module = mainModule(run.args);
    if (suppressions.covers(line, rule) || options.allowsModule?.(module)) continue;
    const what = classifyCompile(toolCommand, run.args, module, options.targets ?? []);
    const severity = kind === 'markdown' ? 'warning' : (options.severities ?? DEFAULT_SEVERITIES)[what.class];
    // The head as written: `$(NIM_DEBUG)` for an expanded Tup variable, but the word itself when it maps to a whole instruction (exec form).
    // On one line: a line continuation inside the word is removed, as the shell does (`n\` + newline + `im` is nim).
    const oneWord = (written: string) => joinLines(written.replace(/\\\r?\n/g, ''));
    const span = oneWord(text.slice(run.snippet.origin(run.head.start), run.snippet.originEnd(run.head.end - 1)));
    const headText = /\s/.test(span) ? oneWord(run.head.raw) : span;
    findings.set(`${line}:${column}:${rule}`, {
      line,
      column,
      rule,
      severity: tool === 'nimble' && kind !== 'markdown' ? RULES[rule].severity : severity,
      message: message(rule, kind, tool, toolCommand, headText === tool ? '' : ` (via ${headText})`, what),
      command: joinLines(text.slice(start, run.snippet.originEnd(run.command.end - 1))),
      class: what.class,
      ...(what.target === undefined ? {} : { target: what.target.name }),
      fix: fixOf(what, run.args, module, path, options.profiles ?? [{ name: 'debug', defines: [] }]),
      suppress: suppressionOf(rule, kind),
    });
  }
  for (const p of suppressions.problems) {
    findings.set(`${p.line}:${p.column}:bad-suppression`, { line: p.line, column: p.column, rule: 'bad-suppression', severity: 'error', message: p.message, command: p.text });
  }
  // One that suppresses nothing hides nothing: a warning, so a stale one does not fail a build.
  for (const p of suppressions.unused((rule) => rule !== 'nimble-invocation' || options.nimble === true)) {
    const key = `${p.line}:${p.column}:bad-suppression`;
    if (!findings.has(key)) findings.set(key, { line: p.line, column: p.column, rule: 'bad-suppression', severity: 'warning', message: p.message, command: p.text });
  }
  return [...findings.values(), ...incompletes.values()];
}

/** The finding for a construct the scan stopped short of. */
export function incompleteFinding(at: { line: number; column: number }, what: string): FileFinding {
  return { ...at, rule: 'lint-incomplete', severity: RULES['lint-incomplete'].severity, message: `this file could not be scanned completely: ${what}`, command: '' };
}

/** An exception's message, for a report. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function message(rule: RuleId, kind: FileKind, tool: Tool, toolCommand: string, via: string, what: Classified): string {
  const call = `${tool} ${toolCommand}${via}`;
  const does = what.target ? `builds target ${what.target.name}` : what.class === 'test' ? 'compiles a test' : what.class === 'external' ? 'compiles code outside the repository' : 'runs';
  if (kind === 'markdown') return `documentation shows ${call} run outside the build driver; show tools/build/build_codetracer.sh instead`;
  if (rule === 'tup-nim-outside-driver') return `Tup command runs ${call} directly; compile through the driver macro`;
  if (what.class === 'test' || what.class === 'external') return `${call} ${does} outside the build driver`;
  return `${call} ${does} outside the build driver; call tools/build/build_codetracer.sh instead`;
}

/** The default severity of each class; the model's lint.severities replaces it. */
export const DEFAULT_SEVERITIES: Readonly<Record<FindingClass, Severity>> = SCHEMA_DEFAULTS;

interface Classified {
  class: FindingClass;
  target?: LintTarget;
}

/** A main module as the repository names it: `./src/x.nim` and `src/x.nim` alike. */
const tidy = (module: string) => module.replace(/^(?:\.\/)+/, '');

/** Whether a command line names the same file as a target's source: equal, or one is the other's tail at a path segment (Tup runs in src/). */
function sameSource(written: string, source: string): boolean {
  return written === source || (written.includes('/') && source.endsWith(`/${written}`)) || written.endsWith(`/${source}`);
}

/** What a compile builds, by its main module (see FindingClass). */
export function classifyCompile(toolCommand: string, args: readonly Word[], module: string | undefined, targets: readonly LintTarget[]): Classified {
  const written = module === undefined ? undefined : tidy(module);
  const candidates = written === undefined ? [] : targets.filter((t) => sameSource(written, t.source));
  if (candidates.length > 0) {
    // Targets sharing a main module differ in their artefact and defines (js:index, js:server-index): the --out file name, then the line's defines choose.
    const line = new Set(definesOf(args));
    const out = outputOf(args);
    const named = out?.slice(out.lastIndexOf('/') + 1);
    const score = (t: LintTarget) => (t.output !== undefined && named === t.output ? 100 : 0) + (t.ownDefines ?? []).reduce((n, d) => n + (line.has(d) ? 1 : -1), 0);
    return { class: 'product', target: candidates.reduce((best, t) => (score(t) > score(best) ? t : best)) };
  }
  if (written !== undefined && (written.startsWith('../') || written.startsWith('/') || /^koch(?:\.nim)?$/.test(written.slice(written.lastIndexOf('/') + 1)))) return { class: 'external' };
  // A test: a module under tests/ or named like one; or compiled and run from a variable, the loop of a test runner.
  const runs = /^r(?:un)?$/i.test(toolCommand) || args.some((a) => a.value === '-r' || a.value === '--run');
  const testPath = written !== undefined && (/(?:^|\/)tests?\//.test(written) || /(?:^|\/)(?:[^/]*_test|test_[^/]*|t_[^/]*)\.nim$/.test(written));
  const runsVariable = runs && written !== undefined && /^(?:\$\{?[A-Za-z_]\w*\}?|\{\{\s*[A-Za-z_]\w*\s*\}\})$/.test(written);
  return { class: testPath || runsVariable ? 'test' : 'unknown' };
}

/** The defines of a command line, as `--extra-define` takes them (nim's own reading, see parity/normalise.ts). */
const definesOf = (args: readonly Word[]) => definesIn(args.map((a) => a.value));

/** The `--out:`/`-o:` value of a command line: the last, as nim reads it. */
const outputOf = (args: readonly Word[]) => outputIn(args.map((a) => a.value));

/**
 * A switch's value as its word writes it, quotes and expansions kept: `"$DIST/ct"` from
 * `--out:"$DIST/ct"`, `'$x'` from `'--out:$x'`, so the suggestion means what the line meant. Only
 * when the switch's name is written plainly at the word's start (after a quote or not) and what
 * follows splits back to the same value; else none.
 */
function writtenValue(words: readonly Word[], value: string): string | undefined {
  const word = words.findLast((w) => w.value.endsWith(value) && w.value.startsWith('-'));
  if (word === undefined) return undefined;
  const name = word.value.slice(0, word.value.length - value.length);
  const quote = word.raw[0] === '"' || word.raw[0] === "'" ? word.raw[0] : '';
  if (!word.raw.startsWith(name, quote.length)) return undefined;
  const written = quote + word.raw.slice(quote.length + name.length);
  const again = splitCommands(written);
  return again.length === 1 && again[0]!.words.length === 1 && again[0]!.words[0]!.value === value ? written : undefined;
}

/**
 * A word of a suggested command: plain; else as the line wrote it (`writtenValue`); else quoted
 * for the shell: double quotes when it expands something (the suggestion runs where the line ran,
 * with its variables), single quotes otherwise.
 */
const suggested = (value: string, written?: string) => {
  if (/^[\w@%+=:,./-]+$/.test(value)) return value;
  if (written !== undefined) return written;
  if (/[$`]/.test(value)) return `"${value.replace(/["\\]/g, '\\$&')}"`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
};

/** How to fix a finding: the driver call for a target (defines the target's build lacks as --extra-define), else how to add a target or allow the compile. */
function fixOf(what: Classified, args: readonly Word[], module: string | undefined, path: string, profiles: NonNullable<LintOptions['profiles']>): string {
  if (what.target) {
    // The profile whose own defines the compile has most of (-d:release → release); the driver's default otherwise.
    const line = new Set(definesOf(args));
    const fit = (p: (typeof profiles)[number]) => (p.defines.length > 0 && p.defines.every((d) => line.has(d)) ? p.defines.length : 0);
    const profile = profiles.reduce((best, p) => (fit(p) > fit(best) ? p : best), profiles[0]!).name;
    const known = new Set(what.target.defines?.[profile] ?? []);
    const extra = definesOf(args).filter((d) => !known.has(d));
    const output = outputOf(args);
    const words = ['tools/build/build_codetracer.sh', '--target', what.target.name, '--profile', profile].map((w) => suggested(w));
    if (output) words.push('--output', suggested(output, writtenValue(args, output)));
    for (const d of extra) words.push('--extra-define', suggested(d, writtenValue(args, d)));
    return `run ${words.join(' ')}`;
  }
  const allow = `allow it in the model: lint.allow entry { glob: '${path}', sources: ['${module ?? '<main module>'}'], reason: '…' }`;
  if (what.class === 'test') return `a test may compile with its own switches: ${allow}`;
  if (what.class === 'external') return `code outside the repository may compile with its own switches: ${allow}`;
  return `no target of the model compiles ${module === undefined ? 'this main module' : tidy(module)}: add one to the model's targets (name, kind, source, output, bundles) and call tools/build/build_codetracer.sh --target <name>, or ${allow}`;
}

/** The inline suppression for a finding in a file of this kind, and where the syntax is documented. */
function suppressionOf(rule: RuleId, kind: FileKind): string {
  const comment = `ct-gen-lint: allow ${rule} -- <reason>`;
  const written = kind === 'markdown' ? `<!-- ${comment} -->` : `# ${comment}`;
  return `${written} on the line of the command or the line before it (docs/lint.md, Allowed places)`;
}

/**
 * A shell function name of a snippet whose body runs its arguments as a command (`"$@"`,
 * `"${@:2}"`). Bodies of functions inside functions are read again for each; in all, at most
 * FUNCTION_BODY_READS times the text.
 */
function argumentRunners(snippet: Snippet, incomplete: ReportIncomplete): string[] {
  const names: string[] = [];
  const text = snippet.text;
  if (!text.includes('$@') && !text.includes('${@')) return names;
  let budget = FUNCTION_BODY_READS * text.length;
  const definition = /(?:^|[\n;&|(])[ \t]*(?:function[ \t]+([A-Za-z_][\w:.-]*)[ \t]*(?:\([ \t]*\))?|([A-Za-z_][\w:.-]*)[ \t]*\([ \t]*\))[ \t\n]*\{/g;
  for (const m of text.matchAll(definition)) {
    const open = m.index + m[0].length;
    const close = closingBrace(text, open);
    if ((budget -= 2 * (close - open)) < 0) {
      incomplete(snippet.origin(m.index), `shell functions inside one another read more than ${FUNCTION_BODY_READS} times over; later functions are not read for "$@"`);
      break;
    }
    for (const command of splitCommands(text, open, close)) {
      const unwrapped = unwrap(command.words);
      if (unwrapped.kind === 'run' && /^\$(?:@|\{@(?::-?\d+)?\})$/.test(unwrapped.head.value)) {
        names.push((m[1] ?? m[2])!);
        break;
      }
    }
  }
  return names;
}

/**
 * Runner functions of the shell files a script sources (`source lib.sh`, `. "$DIR/lib.sh"`):
 * the file of that name beside the script, as scripts source their helpers; each file once.
 */
function sourcedRunners(path: string, runs: readonly Run[], read: ExtractContext['read']): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const run of runs) {
    if ((run.head.value !== 'source' && run.head.value !== '.') || run.args.length === 0) continue;
    const file = run.args[0]!.value;
    const sourced = posix.join(posix.dirname(path), file.slice(file.lastIndexOf('/') + 1));
    if (seen.has(sourced)) continue;
    seen.add(sourced);
    const text = read(sourced);
    // Limits in the sourced file are its own to report; here they only end the search early.
    if (text !== undefined) names.push(...argumentRunners(sliceSnippet(new SourceText(text), 0, text.length), () => undefined));
  }
  return names;
}

/** The offset of the `}` that closes a brace group opened just before `from`; quotes and comments are skipped. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') i++;
    else if (c === "'") i = Math.max(i, text.indexOf("'", i + 1));
    else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '#' && /[\s;]/.test(text[i - 1] ?? '\n')) i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return text.length;
}

/** A call of a function that runs its arguments (`run_cmd NAME nim c …`) is the command those arguments name: from the first that is nim or nimble. */
function throughRunner(run: Run, runners: ReadonlySet<string>, bindings: Bindings): Run {
  if (!runners.has(run.head.value) || toolOf(run.head.value, bindings)) return run;
  const at = run.args.findIndex((a) => toolOf(a.value, bindings) !== undefined);
  return at < 0 ? run : { ...run, head: run.args[at]!, args: run.args.slice(at + 1) };
}

/**
 * Split `[from, to)` of a snippet into commands, following substitutions and nested shells
 * SHELL_NESTING deep, noting assignments.
 */
function collectRuns(snippet: Snippet, from: number, to: number, depth: number, into: Collection): void {
  for (const command of splitCommands(snippet.text, from, to)) {
    noteAssignments(command.words, into.bindings);
    const unwrapped = unwrap(command.words);
    if (unwrapped.kind === 'run') into.runs.push({ snippet, command, first: unwrapped.first, head: unwrapped.head, args: unwrapped.args });
    const docs = unwrapped.kind === 'stdin-script' ? command.heredocs : [];
    if (depth >= SHELL_NESTING) {
      const inner = command.substitutions[0] ?? docs[0] ?? (unwrapped.kind === 'script' ? unwrapped.word : undefined);
      if (inner) into.incomplete(snippet.origin(inner.start), `nesting deeper than ${SHELL_NESTING} levels of $(…), backquotes, bash -c '…' and bash <<EOF; the commands inside are not read`);
      continue;
    }
    for (const sub of command.substitutions) collectRuns(snippet, sub.start, sub.end, depth + 1, into);
    for (const doc of docs) collectRuns(snippet, doc.start, doc.end, depth + 1, into);
    if (unwrapped.kind === 'script') {
      const inner = wordSnippet(snippet, unwrapped.word);
      collectRuns(inner, 0, inner.text.length, depth + 1, into);
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
