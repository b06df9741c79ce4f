import { posix } from 'node:path';
import { SourceText, type Snippet } from '../source.js';
import type { ExtractContext, Extraction } from './extraction.js';
import { type LogicalLine, logicalLines, part } from './logical-lines.js';
import { expandSnippet, expandText } from './make-vars.js';

const TUP = { braces: false };
const ASSIGNMENT = /^([A-Za-z_][\w.-]*)\s*(\+=|:=|=)\s*(.*)$/s;
const INCLUDE = /^include\s+(\S+)\s*$/;
const RUN = /^run\s+/;

type Vars = Map<string, string>;

/**
 * Tupfile, Tuprules.tup and other `.tup` files: rule and macro commands (`: … |> cmd |> …`,
 * `!m = |> cmd |>`) and `run` directives, with `$(VAR)` expanded from the file and the
 * Tuprules.tup files `include_rules` brings in, so `NIM_DEBUG = $(NIM_BIN) $(NIM_DEBUG_FLAGS)`
 * is seen as nim.
 */
export function extractTup(source: SourceText, context: ExtractContext): Extraction {
  const vars: Vars = new Map();
  const dir = posix.dirname(context.path);
  if (posix.basename(context.path) === 'Tuprules.tup' || /^\s*include_rules\s*$/m.test(source.text)) {
    for (const rules of ancestorRules(context.path)) readVars(context.read(rules), posix.dirname(rules), vars, context);
  }
  const snippets: Snippet[] = [];
  walk(source, dir, vars, context, (line, start) => {
    const commandStart = afterDisplay(line.snippet.text, start);
    if (line.snippet.text[commandStart] === '!') return; // a macro use: the macro's own definition is checked
    snippets.push(expandSnippet(part(line, commandStart, commandEnd(line.snippet.text, commandStart)), (n) => vars.get(n), TUP));
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

function readVars(text: string | undefined, dir: string, vars: Vars, context: ExtractContext, depth = 0): void {
  if (text !== undefined && depth < 8) walk(new SourceText(text), dir, vars, context, () => undefined, depth);
}

/** Visit a Tup file's lines in order: assignments and includes update `vars`; commands go to `onCommand`. */
function walk(source: SourceText, dir: string, vars: Vars, context: ExtractContext, onCommand: (line: LogicalLine, start: number) => void, depth = 0): void {
  for (const line of logicalLines(source)) {
    const text = line.snippet.text;
    const indent = text.length - text.trimStart().length;
    const body = text.slice(indent);
    if (body === '' || body.startsWith('#')) continue;
    const include = INCLUDE.exec(body);
    const assignment = ASSIGNMENT.exec(body);
    if (include) readVars(context.read(posix.normalize(posix.join(dir, include[1]!))), dir, vars, context, depth + 1);
    else if (RUN.test(body)) onCommand(line, indent + RUN.exec(body)![0].length);
    else if (body.startsWith(':') || /^![\w.-]+\s*=/.test(body)) {
      const arrow = text.indexOf('|>');
      if (arrow >= 0) onCommand(line, arrow + 2);
    } else if (assignment) {
      const [, name, op, value] = assignment;
      const expanded = expandText(value!.trim(), (n) => vars.get(n), TUP);
      const previous = vars.get(name!);
      vars.set(name!, op === '+=' && previous ? `${previous} ${expanded}` : expanded);
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
