import { type Snippet, SnippetBuilder, type SourceText } from '../source.js';
import type { Extraction } from './extraction.js';

const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(.*)$/;
const RECIPE = /^@?[A-Za-z_][\w-]*(?:\s[^:]*)?:(?!=)/;
const NOT_RECIPE = /^(?:set|alias|import|mod|export)\s/;
const SHELL_SHEBANG = /^#!\S*(?:\/env(?:\s+-\S+)*\s+|\/)(?:ba|da|z|k|a)?sh\b/;

/**
 * justfile recipes: each body line runs in the shell (`@` and `-` prefixes are just's),
 * continuations join lines, shebang recipes in a shell run whole. `name := value`
 * assignments bind `{{name}}`.
 */
export function extractJustfile(source: SourceText): Extraction {
  const snippets: Snippet[] = [];
  const bindings: [string, string][] = [];
  let body: number[] = [];
  const flush = () => {
    const last = body.findLastIndex((n) => source.line(n).trim() !== '');
    if (last >= 0) snippets.push(recipe(source, body.slice(0, last + 1)));
    body = [];
  };
  let inRecipe = false;
  for (let n = 1; n <= source.lineCount; n++) {
    const text = source.line(n);
    if (/^[ \t]/.test(text) || text.trim() === '') {
      if (inRecipe) body.push(n);
      continue;
    }
    flush();
    const assignment = ASSIGNMENT.exec(text);
    if (assignment) bindings.push([assignment[1]!, justValue(assignment[2]!)]);
    inRecipe = !assignment && !NOT_RECIPE.test(text) && !text.startsWith('#') && !text.startsWith('[') && RECIPE.test(text);
  }
  flush();
  return { snippets, bindings };
}

function recipe(source: SourceText, lines: number[]): Snippet {
  const first = lines.find((n) => source.line(n).trim() !== '')!;
  const shebang = source.line(first).trim();
  const builder = new SnippetBuilder();
  if (shebang.startsWith('#!') && !SHELL_SHEBANG.test(shebang)) return builder.build();
  let continued = false;
  for (const n of lines) {
    const start = source.lineStarts[n - 1]!;
    const text = source.line(n);
    const indent = text.length - text.trimStart().length;
    const prefix = !continued && !shebang.startsWith('#!') ? /^[@-]*/.exec(text.slice(indent))![0].length : 0;
    builder.verbatim(text.slice(0, indent), start).replaced(' '.repeat(prefix), start + indent, start + indent + prefix);
    interpolated(builder, text.slice(indent + prefix), start + indent + prefix);
    builder.verbatim('\n', start + text.length);
    continued = text.endsWith('\\');
  }
  return builder.build();
}

/**
 * `{{ expr }}` becomes one word, `{{expr}}` without blanks, so `{{ nim }}` can be resolved like
 * `{{nim}}`. An interpolation runs to the first `}}` (`{{{{` is just's escape, so an opening
 * `{{` is not followed by `{`) within its line; when no `}}` follows, none does after a later
 * `{{` either.
 */
function interpolated(builder: SnippetBuilder, text: string, start: number): void {
  let last = 0;
  for (let open = text.indexOf('{{'); open >= 0; open = text.indexOf('{{', open)) {
    if (text[open + 2] === '{') {
      open++;
      continue;
    }
    const close = text.indexOf('}}', open + 2);
    if (close < 0) break;
    // A line break (a lone CR) ends an expression: none starts before the last one.
    const expression = text.slice(open + 2, close);
    const lineBreak = Math.max(...['\r', '\u2028', '\u2029'].map((c) => expression.lastIndexOf(c)));
    if (lineBreak >= 0) {
      open += lineBreak + 1;
      continue;
    }
    builder.verbatim(text.slice(last, open), start + last);
    builder.replaced(`{{${expression.replace(/\s+/g, '')}}}`, start + open, start + close + 2);
    open = last = close + 2;
  }
  builder.verbatim(text.slice(last), start + last);
}

/** The value an assignment's expression yields when it is a literal, a backtick command or an env default. */
function justValue(expression: string): string {
  const e = expression.trim();
  const literal = /^(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(`[^`]*`))/.exec(e);
  if (literal) return literal[1] ?? literal[2] ?? literal[3]!;
  const fallback = /^env(?:_var_or_default)?\(\s*["'][^"']*["']\s*,\s*["']([^"']*)["']\s*\)/.exec(e);
  return fallback ? fallback[1]! : e;
}
