import { type Snippet, SnippetBuilder } from '../source.js';

/** A variable's value as stored, or undefined when the file does not set it. */
export type VarLookup = (name: string) => string | undefined;

export interface RefSyntax {
  /** `${NAME}` is a reference too (Make); in Tup it is shell text and passes through. */
  braces: boolean;
}

const PAREN_REF = /\$\$|[$@&]\(([A-Za-z_][\w.-]*)\)/g;
const ANY_REF = /\$\$|[$@&]\(([A-Za-z_][\w.-]*)\)|\$\{([A-Za-z_][\w.-]*)\}/g;
const MAX_DEPTH = 10;

/**
 * Expand Make/Tup variable references (`$(NAME)`, Tup's `@(NAME)` and `&(NAME)`) in a value.
 * A name the file does not set becomes the shell reference `${NAME}`, so `$(NIM)` set by the
 * environment still reads as nim.
 */
export function expandText(text: string, lookup: VarLookup, syntax: RefSyntax, depth = 0): string {
  return text.replace(syntax.braces ? ANY_REF : PAREN_REF, (match: string, paren?: string, brace?: string) =>
    match === '$$' ? '$' : resolve(paren ?? brace!, lookup, syntax, depth));
}

/** The same over a snippet; each expansion maps back to the reference it replaced. */
export function expandSnippet(snippet: Snippet, lookup: VarLookup, syntax: RefSyntax): Snippet {
  const builder = new SnippetBuilder();
  const pattern = new RegExp(syntax.braces ? ANY_REF : PAREN_REF);
  let last = 0;
  for (const m of snippet.text.matchAll(pattern)) {
    const at = m.index;
    builder.copy(snippet, last, at);
    const value = m[0] === '$$' ? '$' : resolve((m[1] ?? m[2])!, lookup, syntax, 0);
    builder.replaced(value, snippet.origin(at), snippet.originEnd(at + m[0].length - 1));
    last = at + m[0].length;
  }
  builder.copy(snippet, last, snippet.text.length);
  return builder.build();
}

function resolve(name: string, lookup: VarLookup, syntax: RefSyntax, depth: number): string {
  const value = lookup(name);
  if (value === undefined) return `\${${name}}`;
  return depth >= MAX_DEPTH ? '' : expandText(value, lookup, syntax, depth + 1);
}
