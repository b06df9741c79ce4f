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

/** Where the text of each `$(shell …)` (or `${shell …}`) of a line starts and ends; one left open runs to the end. */
function shellCalls(text: string): [number, number][] {
  const calls: [number, number][] = [];
  for (const m of text.matchAll(/\$([({])shell[ \t]+/g)) {
    const [open, close] = m[1] === '(' ? ['(', ')'] : ['{', '}'];
    const start = m.index + m[0].length;
    let depth = 1;
    let end = start;
    for (; end < text.length; end++) {
      if (text[end] === open) depth++;
      else if (text[end] === close && --depth === 0) break;
    }
    calls.push([start, end]);
  }
  return calls;
}
