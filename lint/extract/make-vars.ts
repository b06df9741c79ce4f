import { EXPANSION_BYTES, EXPANSION_DEPTH, EXPANSION_STEPS, type ReportIncomplete, sizeText } from '../limits.js';
import { type Snippet, SnippetBuilder } from '../source.js';

/** A variable's value as stored, or undefined when the file does not set it. */
export type VarLookup = (name: string) => string | undefined;

export interface RefSyntax {
  /** `${NAME}` is a reference too (Make); in Tup it is shell text and passes through. */
  braces: boolean;
  /** The language, as a limit's report names it. */
  language: 'Make' | 'Tup';
}

const PAREN_REF = /\$\$|[$@&]\(([A-Za-z_][\w.-]*)\)/g;
const ANY_REF = /\$\$|[$@&]\(([A-Za-z_][\w.-]*)\)|\$\{([A-Za-z_][\w.-]*)\}/g;

/**
 * Expands Make/Tup variable references (`$(NAME)`, Tup's `@(NAME)` and `&(NAME)`) for one file.
 * A name the file does not set becomes the shell reference `${NAME}`, so `$(NIM)` set by the
 * environment still reads as nim. The file has a budget (EXPANSION_BYTES of values expanded,
 * EXPANSION_STEPS references resolved), so variables that reference each other many times over
 * cannot grow without end: once it is spent, that is reported and every later reference stays
 * unexpanded (`${NAME}`), whatever was expanded before it kept.
 */
export class Expander {
  private bytes = 0;
  private steps = 0;
  private spent = false;
  /** The reference an expansion started from, for the report. */
  private outer = '';

  constructor(private readonly lookup: VarLookup, private readonly syntax: RefSyntax, private readonly incomplete: ReportIncomplete) {}

  /** A value with its references expanded; `at` is the offset of the file a limit is reported at. */
  text(text: string, at: number): string {
    return this.expand(text, at, 0);
  }

  /** The same over a snippet; each expansion maps back to the reference it replaced. */
  snippet(snippet: Snippet): Snippet {
    const builder = new SnippetBuilder();
    const pattern = new RegExp(this.syntax.braces ? ANY_REF : PAREN_REF);
    let last = 0;
    for (const m of snippet.text.matchAll(pattern)) {
      const at = m.index;
      builder.copy(snippet, last, at);
      const value = m[0] === '$$' ? '$' : this.resolve((m[1] ?? m[2])!, snippet.origin(at), 0);
      builder.replaced(value, snippet.origin(at), snippet.originEnd(at + m[0].length - 1));
      last = at + m[0].length;
    }
    builder.copy(snippet, last, snippet.text.length);
    return builder.build();
  }

  private expand(text: string, at: number, depth: number): string {
    return text.replace(this.syntax.braces ? ANY_REF : PAREN_REF, (match: string, paren?: string, brace?: string) =>
      match === '$$' ? '$' : this.resolve(paren ?? brace!, at, depth));
  }

  private resolve(name: string, at: number, depth: number): string {
    const value = this.lookup(name);
    if (value === undefined || this.spent) return `\${${name}}`;
    if (depth === 0) this.outer = name;
    if (++this.steps > EXPANSION_STEPS || (this.bytes += value.length) > EXPANSION_BYTES) {
      this.spent = true;
      this.incomplete(at, `${this.syntax.language} variable expansion of $(${this.outer}) exceeds ${sizeText(EXPANSION_BYTES)} / ${EXPANSION_STEPS} steps; later references are left unexpanded`);
      return `\${${name}}`;
    }
    if (depth < EXPANSION_DEPTH) return this.expand(value, at, depth + 1);
    this.incomplete(at, `${this.syntax.language} variable references nested deeper than ${EXPANSION_DEPTH} levels in $(${this.outer}); deeper ones expand to nothing`);
    return '';
  }
}
