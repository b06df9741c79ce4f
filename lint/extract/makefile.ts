import type { Snippet, SourceText } from '../source.js';
import type { ExtractContext, Extraction } from './extraction.js';
import { logicalLines, part } from './logical-lines.js';
import { Expander, type VarLookup } from './make-vars.js';

const MAKE = { braces: true, language: 'Make' } as const;
const ASSIGNMENT = /^(?:(?:export|override)\s+)*([A-Za-z_][\w.-]*)\s*(\?=|::=|:=|\+=|!=|=)\s*(.*)$/s;
const RULE = /^[^\s#=][^=]*?:(?!=)/;
const DEFINE = /^define\s/;
const ENDEF = /^endef\b/;

/**
 * Makefile recipes (tab-indented lines after a rule, and `target: deps ; recipe`), with
 * `$(VAR)` expanded from the file's assignments. A recipe's `@`, `-` and `+` prefixes are
 * Make's, not the shell's. Make runs shell text in two more places, each read as a command of its
 * own: the text of `$(shell …)` on any line, and the value of a `!=` assignment.
 */
export function extractMakefile(source: SourceText, context: ExtractContext): Extraction {
  const vars = new Map<string, { value: string; simple: boolean }>();
  const lookup: VarLookup = (name) => {
    const v = vars.get(name);
    return v === undefined ? undefined : v.value;
  };
  const expander = new Expander(lookup, MAKE, context.incomplete);
  const recipes: { snippet: Snippet }[] = [];
  let inRule = false;
  let inDefine = false;
  for (const line of logicalLines(source)) {
    const text = line.snippet.text;
    if (inDefine) {
      inDefine = !ENDEF.test(text.trim());
      continue;
    }
    const recipe = text.startsWith('\t') && inRule;
    const body = text.trim();
    // Make expands a recipe line before the shell sees it, a `#` in it included.
    if (recipe || !body.startsWith('#')) for (const [start, end] of shellCalls(text)) recipes.push({ snippet: part(line, start, end) });
    if (recipe) {
      const start = text.length - text.slice(1).replace(/^[\s@+-]+/, '').length;
      recipes.push({ snippet: part(line, start) });
      continue;
    }
    if (body === '' || body.startsWith('#')) continue;
    if (DEFINE.test(body)) {
      inDefine = true;
      continue;
    }
    const assignment = ASSIGNMENT.exec(body);
    if (assignment && !RULE.test(body.slice(0, body.indexOf(assignment[2]!)))) {
      if (assignment[2] === '!=') {
        const value = assignment[3]!;
        const start = text.length - text.trimStart().length + body.length - value.trimStart().length;
        recipes.push({ snippet: part(line, start, start + value.trim().length) });
      }
      assign(vars, (value) => expander.text(value, line.start), assignment[1]!, assignment[2]!, assignment[3]!.trim());
      continue;
    }
    inRule = RULE.test(body);
    const inline = inRule ? text.indexOf(';', text.indexOf(':')) : -1;
    if (inline >= 0) recipes.push({ snippet: part(line, inline + 1) });
  }
  // Recipes expand when they run, after every assignment: expand at the end, as make does.
  return { snippets: recipes.map((r) => expander.snippet(r.snippet)) };
}

function assign(vars: Map<string, { value: string; simple: boolean }>, expand: (value: string) => string, name: string, op: string, value: string): void {
  const previous = vars.get(name);
  if (op === '?=' && previous) return;
  if (op === '+=' && previous) {
    vars.set(name, { value: `${previous.value} ${previous.simple ? expand(value) : value}`, simple: previous.simple });
  } else if (op === ':=' || op === '::=') vars.set(name, { value: expand(value), simple: true });
  else if (op === '!=') vars.set(name, { value: `$(${value})`, simple: true });
  else vars.set(name, { value, simple: false });
}

/**
 * Where the text of each outermost `$(shell …)` (or `${shell …}`) of a line starts and ends, in
 * one pass: a close ends the innermost open paren of its kind; a call left open runs to the end
 * of the line. A call inside another is part of that one's text, so no text is read twice.
 * `$$(shell` is an escaped `$`, not a call.
 */
function shellCalls(text: string): [number, number][] {
  const calls: [number, number][] = [];
  // One stack per kind of paren: the call each open one starts, or -1.
  const open: Record<string, number[]> = { '(': [], '{': [] };
  let inCall = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '$') {
      if (text[i + 1] === '$') {
        i++;
        continue;
      }
      const call = inCall ? null : /^\$([({])shell[ \t]+/.exec(text.slice(i, i + 64));
      if (call) {
        open[call[1]!]!.push(calls.length);
        calls.push([i + call[0].length, text.length]);
        inCall = true;
        i += call[0].length - 1;
      }
    } else if (c === '(' || c === '{') open[c]!.push(-1);
    else if (c === ')' || c === '}') {
      const closed = open[c === ')' ? '(' : '{']!.pop();
      if (closed !== undefined && closed >= 0) {
        calls[closed]![1] = i;
        inCall = false;
      }
    }
  }
  return calls;
}
