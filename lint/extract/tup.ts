import { posix } from 'node:path';
import { TUP_INCLUDE_DEPTH, TUP_INCLUDES } from '../limits.js';
import { SourceText, type Snippet } from '../source.js';
import type { ExtractContext, Extraction } from './extraction.js';
import { type LogicalLine, logicalLines, part } from './logical-lines.js';
import { Expander } from './make-vars.js';

const TUP = { braces: false, language: 'Tup' } as const;
const ASSIGNMENT = /^([A-Za-z_][\w.-]*)\s*(\+=|:=|=)\s*(.*)$/s;
const INCLUDE = /^include\s+(\S+)\s*$/;
const RUN = /^run\s+/;
/** A line that is `include_rules`; blanks other than line breaks, so no run of blank lines is scanned once per line. */
const INCLUDE_RULES = /^[^\S\n\r\u2028\u2029]*include_rules[^\S\n\r\u2028\u2029]*$/m;

/** One Tup file's variables as its lines set them, and what it takes to read the files it includes. */
interface TupScope {
  vars: Map<string, string>;
  expander: Expander;
  context: ExtractContext;
  /** Tup files read so far for this file's variables (TUP_INCLUDES at most). */
  reads: number;
}

/**
 * Tupfile, Tuprules.tup and other `.tup` files: rule and macro commands (`: … |> cmd |> …`,
 * `!m = |> cmd |>`) and `run` directives, with `$(VAR)` expanded from the file and the
 * Tuprules.tup files `include_rules` brings in, so `NIM_DEBUG = $(NIM_BIN) $(NIM_DEBUG_FLAGS)`
 * is seen as nim.
 */
export function extractTup(source: SourceText, context: ExtractContext): Extraction {
  const vars = new Map<string, string>();
  const scope: TupScope = { vars, expander: new Expander((n) => vars.get(n), TUP, context.incomplete), context, reads: 0 };
  const dir = posix.dirname(context.path);
  if (posix.basename(context.path) === 'Tuprules.tup' || INCLUDE_RULES.test(source.text)) {
    for (const rules of ancestorRules(context.path)) readVars(rules, posix.dirname(rules), scope, 0, 0);
  }
  const snippets: Snippet[] = [];
  walk(source, dir, scope, undefined, 0, (line, start) => {
    const commandStart = afterDisplay(line.snippet.text, start);
    if (line.snippet.text[commandStart] === '!') return; // a macro use: the macro's own definition is checked
    snippets.push(scope.expander.snippet(part(line, commandStart, commandEnd(line.snippet.text, commandStart))));
  });
  return { snippets };
}

/** Tuprules.tup files above a Tup file (and beside it, for a Tupfile), outermost first, within the scanned root. */
function ancestorRules(path: string): string[] {
  const parts = posix.dirname(path).split('/').filter((p) => p !== '.');
  const own = posix.basename(path) === 'Tuprules.tup';
  const dirs = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  const chain = ['', ...dirs].slice(0, own ? parts.length : parts.length + 1);
  return chain.map((d) => (d ? `${d}/Tuprules.tup` : 'Tuprules.tup'));
}

/** Another Tup file's assignments, into the scope; `at` is the offset of the scanned file that includes it, where a limit is reported. */
function readVars(path: string, dir: string, scope: TupScope, at: number, depth: number): void {
  const text = scope.context.read(path);
  if (text === undefined) return;
  if (depth >= TUP_INCLUDE_DEPTH) return scope.context.incomplete(at, `Tup includes nested deeper than ${TUP_INCLUDE_DEPTH} levels (${path}); the variables of deeper files are not read`);
  if (scope.reads >= TUP_INCLUDES) return scope.context.incomplete(at, `Tup includes read more than ${TUP_INCLUDES} files; the variables of later ones are not read`);
  scope.reads++;
  walk(new SourceText(text), dir, scope, at, depth, () => undefined);
}

/**
 * Visit a Tup file's lines in order: assignments and includes update the scope's variables;
 * commands go to `onCommand`. `at` places limits for an included file (undefined: the scanned
 * file, at each line).
 */
function walk(source: SourceText, dir: string, scope: TupScope, at: number | undefined, depth: number, onCommand: (line: LogicalLine, start: number) => void): void {
  for (const line of logicalLines(source)) {
    const text = line.snippet.text;
    const indent = text.length - text.trimStart().length;
    const body = text.slice(indent);
    if (body === '' || body.startsWith('#')) continue;
    const include = INCLUDE.exec(body);
    const assignment = ASSIGNMENT.exec(body);
    if (include) readVars(posix.normalize(posix.join(dir, include[1]!)), dir, scope, at ?? line.start, depth + 1);
    else if (RUN.test(body)) onCommand(line, indent + RUN.exec(body)![0].length);
    else if (body.startsWith(':') || /^![\w.-]+\s*=/.test(body)) {
      const arrow = text.indexOf('|>');
      if (arrow >= 0) onCommand(line, arrow + 2);
    } else if (assignment) {
      const [, name, op, value] = assignment;
      const expanded = scope.expander.text(value!.trim(), at ?? line.start);
      const previous = scope.vars.get(name!);
      scope.vars.set(name!, op === '+=' && previous ? `${previous} ${expanded}` : expanded);
    }
  }
}

/** Past Tup's `^ display text^` prefix, if the command has one. */
function afterDisplay(text: string, start: number): number {
  let i = start;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] !== '^') return i;
  const close = text.indexOf('^', i + 1);
  if (close < 0) return i;
  i = close + 1;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

function commandEnd(text: string, start: number): number {
  const arrow = text.indexOf('|>', start);
  return arrow < 0 ? text.length : arrow;
}
