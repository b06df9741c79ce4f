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
 * Make's, not the shell's.
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
    if (text.startsWith('\t') && inRule) {
      const start = text.length - text.slice(1).replace(/^[\s@+-]+/, '').length;
      recipes.push({ snippet: part(line, start) });
      continue;
    }
    const body = text.trim();
    if (body === '' || body.startsWith('#')) continue;
    if (DEFINE.test(body)) {
      inDefine = true;
      continue;
    }
    const assignment = ASSIGNMENT.exec(body);
    if (assignment && !RULE.test(body.slice(0, body.indexOf(assignment[2]!)))) {
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
